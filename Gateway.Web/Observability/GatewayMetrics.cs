using System.Diagnostics.Metrics;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Connections;

namespace Gateway.Web.Observability;

/// <summary>
/// The instruments of the "Gateway" meter. Counters are added to at the end of each request (from
/// <c>RequestOutcome</c>) and on each breaker transition; the observable ones read snapshots that are
/// already in memory (the <see cref="BreakerBoard"/>, the <see cref="ActorStatsBoard"/>), so a
/// scrape never sends an actor a message.
/// </summary>
public sealed class GatewayMetrics
{
    // Milliseconds: a decision on the same node takes microseconds, one across the network a fraction of a millisecond.
    private static readonly double[] DecisionBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 2500];

    // Milliseconds: a cache hit takes well under one, a slow upstream up to the call timeout.
    private static readonly double[] DurationBuckets = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

    /// <summary>
    /// The <c>kind</c> of a decision a node's fallback limiter made because the client's own limiter was out
    /// of reach: always <c>node=local</c>, and its count is the number of requests decided that way.
    /// </summary>
    public const string RateLimitFallbackKind = "rate-limit-fallback";

    public GatewayMetrics(IMeterFactory meters, ActorStatsBoard stats, BreakerBoard breakers, ConnectionGate connections, InFlightRequests inFlight)
    {
        Meter = meters.Create(GatewayTelemetry.Name);

        Requests = Meter.CreateCounter<long>("gateway.requests", "{request}",
            "Requests that reached the proxy endpoint, by route, method and status code (499: the client left first)");
        Duration = Meter.CreateHistogram("gateway.request.duration", "ms",
            "Time from the request's arrival to the end of its response, by route",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        CacheHits = Meter.CreateCounter<long>("gateway.cache.hits", "{request}", "Requests answered from the cache, by route");
        CacheMisses = Meter.CreateCounter<long>("gateway.cache.misses", "{request}", "Cacheable requests that went upstream, by route");
        CacheBypasses = Meter.CreateCounter<long>("gateway.cache.bypasses", "{request}", "Requests on caching routes the cache could not serve or store (not GET, no-store, ...), by route");
        RateLimitDenials = Meter.CreateCounter<long>("gateway.ratelimit.denials", "{request}", "Requests refused with 429, by route");
        BreakerTransitions = Meter.CreateCounter<long>("gateway.breaker.transitions", "{transition}", "Circuit-breaker state changes, by upstream, from and to");
        EntityDecisions = Meter.CreateHistogram("gateway.cluster.decision.duration", "ms",
            "Decisions asked of a sharded entity (a rate limiter, a breaker's probe), by kind and by where the entity was: " +
            "node=local or node=remote (another gateway node); the count is the number of decisions. " +
            "kind=rate-limit-fallback: decided by this node's own limiter while the client's was out of reach",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DecisionBuckets });

        // Read from the count the drain on shutdown waits on: no measurement per request.
        Meter.CreateObservableUpDownCounter("gateway.requests.active", () => inFlight.Count, "{request}", "Requests in flight");
        Meter.CreateObservableGauge("gateway.breaker.state", () => BreakerStates(breakers), "{state}",
            "Each breaker's state: 0 closed, 1 half-open, 2 open");
        Meter.CreateObservableGauge("gateway.websocket.connections", () => OpenConnections(stats), "{connection}",
            "Proxied WebSocket connections open now");
        Meter.CreateObservableCounter("gateway.websocket.messages", () => MessagesRelayed(stats), "{message}",
            "Whole WebSocket messages relayed, both directions");
        Meter.CreateObservableGauge("gateway.cache.entries", () => CacheEntries(stats), "{entry}", "Responses held in the cache");
        Meter.CreateObservableGauge("gateway.cache.size", () => CacheBytes(stats), "By", "Bytes held in the cache");
        Meter.CreateObservableGauge("gateway.actors", () => LiveActors(stats, breakers), "{actor}",
            "Live actors by kind: rate-limiter, cache-entry, websocket-relay, circuit-breaker");
        Meter.CreateObservableGauge("gateway.connections", () => connections.Open, "{connection}",
            "Client connections open now, WebSockets included");
        Meter.CreateObservableCounter("gateway.connections.refused", () => connections.Refused, "{connection}",
            "Client connections closed unread because gateway.limits.max-connections was reached");
        if (connections.Max is { } max)
            Meter.CreateObservableGauge("gateway.connections.limit", () => max, "{connection}", "gateway.limits.max-connections in force");
    }

    public Meter Meter { get; }
    public Counter<long> Requests { get; }
    public Histogram<double> Duration { get; }
    public Counter<long> CacheHits { get; }
    public Counter<long> CacheMisses { get; }
    public Counter<long> CacheBypasses { get; }
    public Counter<long> RateLimitDenials { get; }
    public Counter<long> BreakerTransitions { get; }
    public Histogram<double> EntityDecisions { get; }

    /// <summary>One decision an entity made for a request: <paramref name="kind"/> is rate-limit, rate-limit-fallback or breaker-probe.</summary>
    public void RecordDecision(string kind, bool crossNode, TimeSpan elapsed) =>
        EntityDecisions.Record(elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("node", crossNode ? "remote" : "local"));

    /// <summary>The breaker state as a gauge value: higher is worse.</summary>
    public static int StateValue(BreakerState state) => state switch
    {
        BreakerState.Closed => 0,
        BreakerState.HalfOpen => 1,
        _ => 2,
    };

    public static string StateLabel(BreakerState state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.HalfOpen => "half-open",
        _ => "open",
    };

    private static IEnumerable<Measurement<int>> BreakerStates(BreakerBoard breakers) =>
        breakers.All().Select(s => new Measurement<int>(StateValue(s.State), new KeyValuePair<string, object?>("upstream", s.Upstream)));

    private static IEnumerable<Measurement<int>> OpenConnections(ActorStatsBoard stats) =>
        stats.Current.WebSockets is { } ws ? [new Measurement<int>(ws.OpenConnections)] : [];

    private static IEnumerable<Measurement<long>> MessagesRelayed(ActorStatsBoard stats) =>
        stats.Current.WebSockets is { } ws ? [new Measurement<long>(ws.MessagesRelayed)] : [];

    private static IEnumerable<Measurement<int>> CacheEntries(ActorStatsBoard stats) =>
        stats.Current.Cache is { } cache ? [new Measurement<int>(cache.Entries)] : [];

    private static IEnumerable<Measurement<long>> CacheBytes(ActorStatsBoard stats) =>
        stats.Current.Cache is { } cache ? [new Measurement<long>(cache.Bytes)] : [];

    private static IEnumerable<Measurement<int>> LiveActors(ActorStatsBoard stats, BreakerBoard breakers)
    {
        var current = stats.Current;
        if (current.RateLimiter is { } limiter) yield return Kind(limiter.LiveLimiters, "rate-limiter");
        if (current.Cache is { } cache) yield return Kind(cache.Entries, "cache-entry");
        if (current.WebSockets is { } ws) yield return Kind(ws.OpenConnections, "websocket-relay");
        yield return Kind(breakers.All().Count, "circuit-breaker");
    }

    private static Measurement<int> Kind(int count, string kind) => new(count, new KeyValuePair<string, object?>("kind", kind));
}
