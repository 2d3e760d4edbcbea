namespace Gateway.Actors.CircuitBreaking;

/// <summary>Entity id: the upstream key itself (route and URL); shard id: a stable hash of it.</summary>
internal sealed class BreakerShards() : StableHashShards(ShardCount)
{
    /// <summary>Breakers are few (one per route and upstream); a few shards spread them over the nodes.</summary>
    public const int ShardCount = 20;

    public override string? EntityId(object message) => (message as IBreakerCommand)?.Upstream;
}
