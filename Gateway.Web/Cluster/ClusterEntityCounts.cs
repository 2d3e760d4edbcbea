using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Web.Cluster;

/// <summary>How many limiter and breaker entities each node holds, by node address, as sharding last reported.</summary>
public sealed record ClusterEntityCounts(IReadOnlyDictionary<string, NodeEntities> ByNode)
{
    /// <summary>
    /// One question per shard region, answered by sharding from every node's region (a cluster-wide query,
    /// so it runs on the stats poller's interval, never per request).
    /// </summary>
    public static async Task<ClusterEntityCounts> FetchAsync(IActorRef limiters, IActorRef breakers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var limiterStats = limiters.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken);
        var breakerStats = breakers.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, cancellationToken);
        var limiterCounts = Count(await limiterStats);
        var breakerCounts = Count(await breakerStats);
        var nodes = limiterCounts.Keys.Union(breakerCounts.Keys);
        return new ClusterEntityCounts(nodes.ToDictionary(
            node => node,
            node => new NodeEntities(limiterCounts.GetValueOrDefault(node), breakerCounts.GetValueOrDefault(node))));
    }

    private static Dictionary<string, int> Count(ClusterShardingStats stats) =>
        stats.Regions.ToDictionary(region => region.Key.ToString(), region => region.Value.Stats.Values.Sum());
}

/// <param name="RateLimiters">Limiter entities (one per policy and client) living on the node.</param>
/// <param name="Breakers">Breaker entities (one per route and upstream) living on the node.</param>
public sealed record NodeEntities(int RateLimiters, int Breakers);
