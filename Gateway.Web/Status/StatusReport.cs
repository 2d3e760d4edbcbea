using Gateway.Web.Observability;

namespace Gateway.Web.Status;

// The JSON twin of the status page (camelCase on the wire). Counters are totals since start; a
// reader turns two polls into rates. A part whose actor has not answered yet is null, and each
// actor-fed part says when its numbers were fetched (statsAt).

/// <param name="InFlight">Proxied requests running now.</param>
/// <param name="Unrouted">Requests no route matched (all answered 404).</param>
/// <param name="OtherBreakers">Breakers that belong to no configured route's upstream (e.g. just removed by a reload).</param>
/// <param name="Cluster">This node and the members it sees; null with <c>gateway.cluster.enabled = off</c>.</param>
public sealed record StatusReport(
    DateTimeOffset Now,
    double UptimeSeconds,
    long InFlight,
    IReadOnlyList<RouteReport> Routes,
    RouteTotals Unrouted,
    CacheReport Cache,
    RateLimitReport RateLimit,
    WebSocketReport WebSockets,
    ActorReport Actors,
    IReadOnlyList<BreakerReport> OtherBreakers,
    IReadOnlyList<TransitionReport> RecentTransitions,
    ClusterReport? Cluster);

public sealed record RouteReport(
    string Id,
    string Prefix,
    bool Caching,
    bool RateLimited,
    bool AuthRequired,
    RouteTotals Totals,
    IReadOnlyList<UpstreamReport> Upstreams);

public sealed record UpstreamReport(string Url, BreakerReport Breaker);

/// <param name="Key">The breaker's key on the board, or null when no breaker has published for this upstream yet (it counts as closed).</param>
/// <param name="State">closed, half-open or open.</param>
/// <param name="OpenUntil">While open: when the next probe is due.</param>
public sealed record BreakerReport(
    string? Key,
    string State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenUntil,
    DateTimeOffset? Since);

/// <param name="HitRatio">Hits over hits plus misses since start; null before the first cacheable request.</param>
public sealed record CacheReport(int? Entries, long? Bytes, long Hits, long Misses, long Bypasses, double? HitRatio, DateTimeOffset? StatsAt);

/// <param name="BusiestClients">The most refused clients of the last one to two <paramref name="WindowSeconds"/>.</param>
public sealed record RateLimitReport(int? LiveLimiters, long Denials, IReadOnlyList<ClientDenials> BusiestClients, double WindowSeconds, DateTimeOffset? StatsAt);

public sealed record WebSocketReport(int? Open, long? MessagesRelayed, DateTimeOffset? StatsAt);

/// <param name="Breakers">Breakers with a published snapshot on the board.</param>
public sealed record ActorReport(int? RateLimiters, int? CacheEntries, int? WebSocketRelays, int Breakers);

public sealed record TransitionReport(string Upstream, string From, string To, string Cause, DateTimeOffset At);
