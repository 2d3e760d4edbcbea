namespace BenchUpstream;

/// <summary>
/// How many requests reached the upstream, so the harness can tell a real cache hit (the upstream
/// is not called) from a build whose cache is not wired in yet, and a revalidation (answered 304) from
/// a fetch of the whole body (scenario k).
/// </summary>
public sealed class CallCounters
{
    private long json;
    private long notModified;
    private long fullBodies;

    public long Json => Interlocked.Read(ref json);

    public long NotModified => Interlocked.Read(ref notModified);

    public long FullBodies => Interlocked.Read(ref fullBodies);

    public void CountJson() => Interlocked.Increment(ref json);

    public void CountNotModified() => Interlocked.Increment(ref notModified);

    public void CountFullBody() => Interlocked.Increment(ref fullBodies);
}
