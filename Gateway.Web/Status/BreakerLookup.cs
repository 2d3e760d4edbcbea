using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Status;

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
