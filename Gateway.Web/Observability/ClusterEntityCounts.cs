using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Web.Observability;

/// <summary>How many limiter, breaker and cache key entities each node holds, by node address, as sharding last reported.</summary>
public sealed record ClusterEntityCounts(IReadOnlyDictionary<string, NodeEntities> ByNode)
{
    /// <summary>
    /// One question per shard region, answered by sharding from every node's region (a cluster-wide query,
    /// so it runs on the stats poller's interval, never per request).
    /// </summary>
    public static async Task<ClusterEntityCounts> FetchAsync(
        IActorRef limiters, IActorRef breakers, IActorRef cacheKeys, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var limiterStats = limiters.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken);
        var breakerStats = breakers.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken);
        var cacheStats = cacheKeys.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken);
        var limiterCounts = Count(await limiterStats);
        var breakerCounts = Count(await breakerStats);
        var cacheCounts = Count(await cacheStats);
        var nodes = limiterCounts.Keys.Union(breakerCounts.Keys).Union(cacheCounts.Keys);
        return new ClusterEntityCounts(nodes.ToDictionary(
            node => node,
            node => new NodeEntities(limiterCounts.GetValueOrDefault(node), breakerCounts.GetValueOrDefault(node), cacheCounts.GetValueOrDefault(node))));
    }

    private static Dictionary<string, int> Count(ClusterShardingStats stats) =>
        stats.Regions.ToDictionary(region => region.Key.ToString(), region => region.Value.Stats.Values.Sum());
}

/// <param name="RateLimiters">Limiter entities (one per policy and client) living on the node.</param>
/// <param name="Breakers">Breaker entities (one per route and upstream) living on the node.</param>
/// <param name="CacheKeys">Cache key entities (one per cache and key, holding its entry or its fill) living on the node.</param>
public sealed record NodeEntities(int RateLimiters, int Breakers, int CacheKeys);
