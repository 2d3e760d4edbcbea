using Gateway.Web.Configuration;

namespace Gateway.Web.Routing;

/// <summary>
/// The immutable route table built from HOCON; swapped whole, never edited. Matching is the longest
/// prefix on a path-segment boundary, so "/service-a" never takes "/service-abc".
/// </summary>
public sealed class RouteTable
{
    // Longest prefix first, so the first boundary match is the best one.
    private readonly RouteSettings[] _byLength;

    public RouteTable(IEnumerable<RouteSettings> routes)
    {
        _byLength = routes.OrderByDescending(r => r.Prefix.Length).ToArray();
    }

    public IReadOnlyList<RouteSettings> Routes => _byLength;

    public RouteMatch? Match(string path)
    {
        foreach (var route in _byLength)
        {
            if (IsBoundaryMatch(path, route.Prefix))
            {
                var remainder = route.Prefix == "/" ? path : path[route.Prefix.Length..];
                return new RouteMatch(route, remainder);
            }
        }
        return null;
    }

    private static bool IsBoundaryMatch(string path, string prefix)
    {
        if (prefix == "/") return true;
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        return path.Length == prefix.Length || path[prefix.Length] == '/';
    }
}

/// <summary>A matched route and the part of the path after its prefix ("" or starting with '/').</summary>
public readonly record struct RouteMatch(RouteSettings Route, string Remainder);
