using Gateway.Web.Configuration;

namespace Gateway.Web.Balancing;

/// <summary>
/// Names the breaker of one upstream of one route: <c>route-id|http://host:port/base</c>.
/// <para>
/// One breaker per (route, upstream), not per upstream URL shared by every route that lists it: two
/// routes to the same host usually reach different parts of it (base paths, strip-prefix) with
/// different call timeouts and thresholds, and one route's failures (a broken endpoint, a hasty
/// call-timeout) must leave the other route alone. The price is that a host that is down entirely is
/// discovered once per route that uses it, which costs each route only its own max-failures.
/// </para>
/// </summary>
public static class BreakerKey
{
    public static string For(string routeId, Uri upstream) => $"{routeId}|{Display(upstream)}";

    public static string For(RouteSettings route, int index) => For(route.Id, route.Upstreams[index]);

    /// <summary>The upstream as a reader would write it: scheme, authority and base path, no trailing slash.</summary>
    public static string Display(Uri upstream) =>
        upstream.GetLeftPart(UriPartial.Authority) + upstream.AbsolutePath.TrimEnd('/');
}
