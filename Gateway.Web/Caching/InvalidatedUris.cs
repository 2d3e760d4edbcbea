using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>
/// The URIs a successful unsafe request invalidates (RFC 9111 §4.4): its own, and those in the response's
/// <c>Location</c> and <c>Content-Location</c> when they have the same origin as the request (a relative
/// reference always does; an absolute one must match scheme, host and port). Another origin's URI is left
/// alone, so a response cannot empty a cache it does not own.
/// </summary>
public static class InvalidatedUris
{
    private static readonly string[] NamingFields = [HeaderNames.Location, HeaderNames.ContentLocation];

    /// <summary>
    /// Path (decoded as <see cref="HttpRequest.Path"/> is, so it makes the same cache key) and raw query of each
    /// same-origin URI named by the response, resolved against the request's URI.
    /// </summary>
    public static IEnumerable<(string Path, string? Query)> NamedBy(HttpRequest request, IHeaderDictionary response)
    {
        Uri? requestUri = null;
        foreach (var field in NamingFields)
        {
            var value = response[field];
            // One reference per field; a list or an empty value names nothing.
            if (value.Count != 1 || StringValues.IsNullOrEmpty(value)) continue;
            // Built only for a response that names a URI: most unsafe requests' answers name none.
            requestUri ??= new Uri(request.GetEncodedUrl());
            if (!Uri.TryCreate(requestUri, value.ToString(), out var target)) continue;
            if (!SameOrigin(requestUri, target)) continue;
            yield return (PathString.FromUriComponent(target).Value ?? "/", target.Query.Length == 0 ? null : target.Query);
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
