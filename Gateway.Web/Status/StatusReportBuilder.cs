using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Configuration;
using Gateway.Web.Observability;
using Gateway.Web.Routing;
using Microsoft.Extensions.Hosting;

namespace Gateway.Web.Status;

/// <summary>
/// Puts the status report together from what is already in memory: the route table, the breaker
/// board, the cached actor stats and the in-process tallies. No actor is asked, so the page can poll
/// every second at no cost to the request path.
/// </summary>
public sealed class StatusReportBuilder(
    RouteTableSource routes,
    BreakerBoard breakers,
    ActorStatsBoard actorStats,
    RouteTraffic traffic,
    DeniedClients denied,
    RecentTransitions transitions,
    InFlightRequests inFlight,
    OperationsSettings operations,
    ActorSystem system,
    ClusterSettings cluster,
    StartTime started,
    TimeProvider time)
{
    public StatusReport Build()
    {
        var now = time.GetUtcNow();
        var snapshots = breakers.All().ToDictionary(s => s.Upstream, StringComparer.Ordinal);
        var shown = new HashSet<string>(StringComparer.Ordinal);

        var routeReports = routes.Current.Routes
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(route => new RouteReport(
                route.Id,
                route.Prefix,
                route.Cache.Enabled,
                route.RateLimit.Enabled,
                route.Auth.Enabled,
                traffic.Totals(route.Id),
                route.Upstreams.Select(upstream =>
                {
                    var snapshot = BreakerLookup.Find(snapshots, route.Id, upstream);
                    if (snapshot is not null) shown.Add(snapshot.Upstream);
                    return new UpstreamReport(upstream.ToString().TrimEnd('/'), Report(snapshot));
                }).ToList()))
            .ToList();

        var stats = actorStats.Current;
        var all = traffic.All();
        var lookups = all.CacheHits + all.CacheMisses;
        return new StatusReport(
            now,
            Math.Round(started.UptimeAt(now).TotalSeconds, 1),
            inFlight.Count,
            routeReports,
            traffic.Totals(RouteTraffic.NoRoute),
            new CacheReport(stats.Cache?.Entries, stats.Cache?.Bytes, all.CacheHits, all.CacheMisses, all.CacheBypasses,
                lookups == 0 ? null : Math.Round((double)all.CacheHits / lookups, 4), stats.CacheAt),
            new RateLimitReport(stats.RateLimiter?.LiveLimiters, all.RateLimited, denied.Top(operations.Status.BusiestClients),
                DeniedClients.Generation.TotalSeconds, stats.RateLimiterAt),
            new WebSocketReport(stats.WebSockets?.OpenConnections, stats.WebSockets?.MessagesRelayed, stats.WebSocketsAt),
            new ActorReport(stats.RateLimiter?.LiveLimiters, stats.Cache?.Entries, stats.WebSockets?.OpenConnections, snapshots.Count),
            snapshots.Values.Where(s => !shown.Contains(s.Upstream)).Select(Report).ToList(),
            transitions.Newest().Select(t => new TransitionReport(
                t.Upstream, GatewayMetrics.StateLabel(t.From), GatewayMetrics.StateLabel(t.To), t.Cause, t.At)).ToList(),
            ClusterReport.Of(system, cluster, stats.Entities));
    }

    private static BreakerReport Report(BreakerSnapshot? snapshot) => snapshot is null
        ? new BreakerReport(null, GatewayMetrics.StateLabel(BreakerState.Closed), 0, null, null)
        : new BreakerReport(
            snapshot.Upstream,
            GatewayMetrics.StateLabel(snapshot.State),
            snapshot.ConsecutiveFailures,
            snapshot.State == BreakerState.Open ? snapshot.OpenUntil : null,
            snapshot.Since == DateTimeOffset.MinValue ? null : snapshot.Since);
}

/// <summary>
/// Finds the breaker snapshot of one upstream of one route. The balancer keys its breakers
/// <c>route-id|upstream</c> (one breaker per route and upstream, the upstream written as scheme,
/// authority and base path without a trailing slash); a key that is the upstream alone is accepted
/// too, so the page stays right whichever way a breaker was keyed.
/// </summary>
public static class BreakerLookup
{
    public static IEnumerable<string> CandidateKeys(string routeId, Uri upstream)
    {
        var authority = upstream.GetLeftPart(UriPartial.Authority);
        var display = authority + upstream.AbsolutePath.TrimEnd('/');
        yield return $"{routeId}|{display}";
        if (display != authority) yield return $"{routeId}|{authority}";
        yield return display;
        if (display != authority) yield return authority;
    }

    public static BreakerSnapshot? Find(IReadOnlyDictionary<string, BreakerSnapshot> byKey, string routeId, Uri upstream)
    {
        foreach (var key in CandidateKeys(routeId, upstream))
        {
            if (byKey.TryGetValue(key, out var snapshot)) return snapshot;
        }
        return null;
    }
}

/// <summary>
/// When the gateway started, read from the clock as the host starts its services (before Kestrel listens),
/// so the status page's uptime counts from start-up and not from whenever the page was first asked for.
/// </summary>
public sealed class StartTime(TimeProvider time) : IHostedService
{
    private DateTimeOffset _at = time.GetUtcNow();

    public TimeSpan UptimeAt(DateTimeOffset now) => now - _at;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _at = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
