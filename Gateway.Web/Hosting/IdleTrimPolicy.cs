namespace Gateway.Web.Hosting;

/// <summary>When <see cref="IdleMemoryTrim"/> collects: quiet, and holding well over the least it held. Pure, for tests.</summary>
/// <param name="startingCommitted">What the GC holds at start-up, before any traffic: the first floor.</param>
public sealed class IdleTrimPolicy(long startingCommitted)
{
    /// <summary>Less than this allocated between two looks (the stats poller and timers allocate a little) is quiet.</summary>
    public const long QuietAllocationBytes = 4L * 1024 * 1024;

    /// <summary>Memory held above the floor that is worth a collection.</summary>
    public const long SlackBytes = 64L * 1024 * 1024;

    /// <summary>A collection that gives back less than this doubles the wait before the next, up to <see cref="MaxBackoff"/> looks.</summary>
    public const long WorthwhileBytes = 16L * 1024 * 1024;

    public const int MaxBackoff = 32;

    private long _lastAllocated = -1;
    private long _floor = startingCommitted;
    private int _backoff = 1;
    private int _skip;

    public bool ShouldTrim(bool noneRunning, long totalAllocated, long committed)
    {
        var quiet = noneRunning && _lastAllocated >= 0 && totalAllocated - _lastAllocated < QuietAllocationBytes;
        _lastAllocated = totalAllocated;
        if (!quiet)
        {
            _backoff = 1;
            _skip = 0;
            return false;
        }
        if (_skip > 0)
        {
            _skip--;
            return false;
        }
        return committed > _floor + SlackBytes;
    }

    public void Trimmed(long before, long after)
    {
        _floor = Math.Min(_floor, after);
        if (before - after >= WorthwhileBytes) return;
        _backoff = Math.Min(_backoff * 2, MaxBackoff);
        _skip = _backoff - 1;
    }
}
