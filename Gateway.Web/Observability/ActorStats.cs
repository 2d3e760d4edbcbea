using Gateway.Actors.Caching;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;

namespace Gateway.Web.Observability;

/// <summary>
/// The actors' own counts as last fetched: each part is null until its actor first answered, and
/// keeps its last value when a later Ask times out (<see cref="At"/> says how fresh each part is).
/// Immutable; <see cref="ActorStatsBoard"/> swaps it whole.
/// </summary>
public sealed record ActorStats(
    RateLimiter.Stats? RateLimiter,
    DateTimeOffset? RateLimiterAt,
    ResponseCache.Stats? Cache,
    DateTimeOffset? CacheAt,
    WebSocketRelaySupervisor.Stats? WebSockets,
    DateTimeOffset? WebSocketsAt,
    ClusterEntityCounts? Entities = null)
{
    public static readonly ActorStats None = new(null, null, null, null, null, null);
}

/// <summary>
/// Holds the latest <see cref="ActorStats"/> for readers that must not wait: metric callbacks run on
/// every scrape and the status page polls every second, and neither may Ask an actor each time.
/// Only <see cref="ActorStatsPoller"/> writes.
/// </summary>
public sealed class ActorStatsBoard
{
    private volatile ActorStats _current = ActorStats.None;

    public ActorStats Current => _current;

    internal void Publish(ActorStats stats) => _current = stats;
}
