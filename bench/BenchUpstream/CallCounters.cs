namespace BenchUpstream;

/// <summary>
/// How many requests reached the upstream, so the harness can tell a real cache hit (the upstream
/// is not called) from a build whose cache is not wired in yet.
/// </summary>
public sealed class CallCounters
{
    private long json;

    public long Json => Interlocked.Read(ref json);

    public void CountJson() => Interlocked.Increment(ref json);
}
