namespace Gateway.Web.Observability;

/// <summary>How many proxied requests are running now: a gauge, and what a graceful shutdown waits for.</summary>
public sealed class InFlightRequests
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Leave() => Interlocked.Decrement(ref _count);
}
