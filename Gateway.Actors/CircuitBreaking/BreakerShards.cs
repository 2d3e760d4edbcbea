using Akka.Cluster.Sharding;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>Entity id: the upstream key itself (route and URL); shard id: a hash every node computes alike.</summary>
internal sealed class BreakerShards : IMessageExtractor
{
    /// <summary>Breakers are few (one per route and upstream); a few shards spread them over the nodes.</summary>
    public const int ShardCount = 20;

    public string? EntityId(object message) => (message as IBreakerCommand)?.Upstream;

    public object? EntityMessage(object message) => message;

    public string ShardId(object message) => ShardOf(EntityId(message) ?? "");

    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    private static string ShardOf(string entityId) => StableHash.Bucket(entityId, ShardCount);
}
