using Akka.Cluster.Sharding;

namespace Gateway.Actors;

/// <summary>
/// A sharding message extractor whose shard id is a hash of the entity id that every node computes
/// alike (not <see cref="string.GetHashCode()"/>, which differs per process): FNV-1a over the UTF-16
/// code units, enough for short entity ids. Subclasses say only which messages name which entity.
/// </summary>
internal abstract class StableHashShards(int shardCount) : IMessageExtractor
{
    public abstract string? EntityId(object message);

    public object? EntityMessage(object message) => message;

    public string ShardId(object message) => ShardOf(EntityId(message) ?? "");

    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    /// <summary>The shard of <paramref name="entityId"/> as a number (the shard id is its decimal text), for tables indexed by shard.</summary>
    public int ShardIndexOf(string entityId)
    {
        var hash = 2166136261u;
        foreach (var c in entityId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)shardCount);
    }

    private string ShardOf(string entityId) => ShardIndexOf(entityId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
