using Akka.Cluster.Sharding;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Entity id: <see cref="LimiterName"/> of (policy, client) (an API key hashed, never in a path);
/// shard id: a hash of it that every node computes alike (not <see cref="string.GetHashCode()"/>, which
/// differs per process).
/// </summary>
internal sealed class LimiterShards : IMessageExtractor
{
    /// <summary>Ten shards per node of a large cluster; fixed for the cluster's life (changing it moves every client).</summary>
    public const int ShardCount = 100;

    public string? EntityId(object message) => message switch
    {
        RateLimiter.Check check => LimiterName.For(check.PolicyId, check.ClientKey, check.Policy.Key),
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string ShardId(object message) => ShardOf(EntityId(message) ?? "");

    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    internal static string ShardOf(string entityId) => StableHash.Bucket(entityId, ShardCount);
}
