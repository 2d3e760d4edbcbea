using static Gateway.Actors.Caching.CacheEntry;

namespace Gateway.Actors.Caching;

/// <summary>
/// Entity id: the cache's id and the key, so a route with a cache of its own keeps its keys apart from the
/// shared cache's; shard id: a stable hash of it.
/// </summary>
internal sealed class CacheShards() : StableHashShards(ShardCount)
{
    /// <summary>Keys are many; enough shards to spread them evenly over a few nodes.</summary>
    public const int ShardCount = 100;

    /// <summary>Cache ids are route ids or empty (the shared cache): they never hold a line break, keys may hold anything.</summary>
    private const char Separator = '\n';

    public override string? EntityId(object message) => (message as EntryCommand)?.EntityId;

    public static string EntityIdOf(string cacheId, string key) => string.Concat(cacheId, Separator.ToString(), key);

    public static (string CacheId, string Key) Parse(string entityId)
    {
        var at = entityId.IndexOf(Separator);
        return at < 0 ? ("", entityId) : (entityId[..at], entityId[(at + 1)..]);
    }
}
