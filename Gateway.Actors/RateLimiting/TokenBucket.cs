namespace Gateway.Actors.RateLimiting;

/// <summary>
/// A token bucket of <c>limit</c> tokens refilled at limit per window, kept as the generic cell rate
/// algorithm does: one "theoretical arrival time" (TAT), the moment the bucket would be full again.
/// Each admitted request pushes the TAT one emission interval (window / limit) further; a request is
/// denied when that would put the TAT more than one window ahead of now. Constant memory per client.
/// </summary>
internal sealed class TokenBucket : IRateAlgorithm
{
    private readonly int _limit;
    private readonly long _window;
    // Rounded down so that a full bucket admits exactly `limit` at once, never one fewer.
    private readonly long _interval;
    private long _tat;

    public TokenBucket(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _window = window.Ticks;
        _interval = _window / limit;
        if (_interval < 1) throw new ArgumentOutOfRangeException(nameof(limit), "more requests than 100 ns ticks in the window");
    }

    public RateVerdict TryAcquire(long now)
    {
        var next = Math.Max(_tat, now) + _interval;
        var allowed = next - now <= _window;
        if (allowed) _tat = next;

        var backlog = Math.Max(_tat, now) - now;
        var retryAfter = TimeSpan.FromTicks(Math.Max(0, _tat + _interval - _window - now));
        return new RateVerdict(allowed, Remaining(backlog), TimeSpan.FromTicks(backlog), retryAfter);
    }

    public int RemainingAt(long now) => Remaining(Math.Max(_tat, now) - now);

    public bool IsIdle(long now) => _tat <= now;

    public LeaseTerms Reserve(long now, int permits)
    {
        _tat = Math.Min(Math.Max(_tat, now) + permits * _interval, now + _window);
        var backlog = _tat - now;
        return new LeaseTerms(Remaining(backlog), TimeSpan.FromTicks(backlog), _interval);
    }

    public void Settle(long now, int permits, int taken) =>
        // The reservation comes off (requests counted since stay), then every permit taken counts as if
        // taken now, the latest any of them can have been.
        _tat = Math.Min(Math.Max(_tat - permits * _interval, now) + taken * _interval, now + _window);

    /// <summary>The requests a bucket <paramref name="backlog"/> ticks short of full still admits.</summary>
    private int Remaining(long backlog) => (int)Math.Min(_limit, (_window - backlog) / _interval);

    /// <summary>A bucket for a changed policy with as many tokens used as this one has now.</summary>
    public TokenBucket Adopt(int limit, TimeSpan window, long now)
    {
        var next = new TokenBucket(limit, window);
        var used = (double)Math.Max(0, _tat - now) / _interval;
        next._tat = now + (long)Math.Min(next._window, used * next._interval);
        return next;
    }
}
