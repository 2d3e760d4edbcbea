namespace Gateway.Actors.RateLimiting;

/// <summary>
/// This node's current <see cref="LimiterOwners"/>: published by its owner watch (the only writer), read
/// by the request path. One instance is shared by the watch and the web layer.
/// </summary>
public sealed class LimiterOwnerBoard
{
    private volatile LimiterOwners _current = LimiterOwners.Alone;

    public LimiterOwners Current => _current;

    internal void Publish(LimiterOwners owners) => _current = owners;
}
