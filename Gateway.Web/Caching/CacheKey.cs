using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Caching;

/// <summary>
/// The key a response is cached under: route, method, path and the raw query string. HEAD shares
/// GET's key because it is answered from the stored GET. Vary is not part of the key: a key holds
/// several variants, each carrying the request values it varies on, and a request is given the one it matches.
/// </summary>
public static class CacheKey
{
    /// <summary>The key of the GET for this request's URI, whatever the request's own method.</summary>
    public static string ForGet(string routeId, HttpRequest request) =>
        ForGet(routeId, request.Path.Value, request.QueryString.Value);

    /// <param name="path">The request's path, as received (with the route's prefix).</param>
    /// <param name="query">The raw query string with its <c>?</c>, or null.</param>
    public static string ForGet(string routeId, string? path, string? query) =>
        // The route id is length-prefixed so no route id and path can run together into another's key;
        // the path always starts with '/', and the query is passed on byte for byte, so it is kept as received.
        string.Create(CultureInfo.InvariantCulture, $"GET {routeId.Length}:{routeId}{path}{query}");
}
