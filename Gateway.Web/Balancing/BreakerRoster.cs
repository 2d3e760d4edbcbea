using Gateway.Web.Configuration;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Web.Balancing;

/// <summary>The complete set of breakers the routes call for, at start-up and after a reload.</summary>
public static class BreakerRoster
{
    /// <summary>One breaker per (route, upstream), each with its route's circuit-breaker settings.</summary>
    public static IReadOnlyList<Configure> For(IEnumerable<RouteSettings> routes) =>
        routes.SelectMany(route => route.Upstreams.Select((_, i) => new Configure(BreakerKey.For(route, i), route.CircuitBreaker)))
            // A route listing the same upstream twice shares one breaker between the two entries.
            .DistinctBy(b => b.Upstream, StringComparer.Ordinal)
            .ToList();
}
