using System.Collections.Concurrent;

namespace Gateway.Web.Caching;

/// <summary>
/// Cache shards whose entity let a lookup go unanswered lately. A lookup is answered at once, or within
/// <c>fill-wait</c> when it waits on a fill, so no answer at all means the shard's node is lost (or this one is
/// in trouble): for <see cref="Memory"/> the shard's other keys skip the cache and go upstream uncached
/// (<c>detail=owner-unreachable</c>) instead of each waiting out the same timeout. By then the lost node is
/// removed or nearly (the Split Brain Resolver's 7 s), and sharding starts the shard's entities elsewhere.
/// </summary>
public sealed class SilentCacheShards(TimeProvider time)
{
    public static readonly TimeSpan Memory = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<int, DateTimeOffset> _until = new();

    public bool IsSilent(int shard)
    {
        // Empty nearly always: the hot path pays one check.
        if (_until.IsEmpty || !_until.TryGetValue(shard, out var until)) return false;
        if (time.GetUtcNow() < until) return true;
        // Over: forgotten, unless a new timeout renewed it meanwhile.
        _until.TryRemove(KeyValuePair.Create(shard, until));
        return false;
    }

    public void Remember(int shard) => _until[shard] = time.GetUtcNow() + Memory;
}
