using System.Globalization;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>
/// Reads what <see cref="SharedCacheRules"/> needs from the request and the response now on the
/// context (the forwarder copied the upstream's status and headers there), each Cache-Control
/// read directive by directive, every field line of it.
/// </summary>
public static class StorePolicy
{
    public static RequestDecision ForRequest(HttpRequest request) =>
        SharedCacheRules.ForRequest(request.Method, CacheControlOf(request.Headers.CacheControl));

    public static StoreDecision ForResponse(HttpContext context, ResponseCache.Settings settings)
    {
        var request = context.Request;
        var response = context.Response;
        var responseHeaders = response.Headers;
        return SharedCacheRules.ForResponse(
            response.StatusCode,
            CacheControlOf(responseHeaders.CacheControl),
            responseHasSetCookie: responseHeaders.ContainsKey(HeaderNames.SetCookie),
            requestHasAuthorization: request.Headers.ContainsKey(HeaderNames.Authorization),
            vary: responseHeaders.Vary,
            CacheControlOf(request.Headers.CacheControl),
            settings.Ttl,
            settings.RespectOriginMaxAge,
            ExpiresIn(responseHeaders));
    }

    /// <summary>
    /// The origin's <c>Age</c> (RFC 9111 §5.1): how long the response had already been cached upstream.
    /// Zero when absent or not a number.
    /// </summary>
    public static TimeSpan OriginAge(IHeaderDictionary responseHeaders) =>
        long.TryParse(responseHeaders.Age.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds / 2))
            : TimeSpan.Zero;

    /// <summary>Requests that do not fill the cache: a range or a conditional request gets a 206 or 304, neither storable.</summary>
    public static bool CannotFill(HttpRequest request)
    {
        var headers = request.Headers;
        return headers.ContainsKey(HeaderNames.Range)
            || headers.ContainsKey(HeaderNames.IfNoneMatch)
            || headers.ContainsKey(HeaderNames.IfModifiedSince)
            || headers.ContainsKey(HeaderNames.IfMatch)
            || headers.ContainsKey(HeaderNames.IfUnmodifiedSince);
    }

    // Not the framework's CacheControlHeaderValue: it refuses a whole field for one bad directive,
    // and a refused field read as "no directives" would hide its private or no-store.
    private static CacheControlDirectives CacheControlOf(StringValues values) =>
        StringValues.IsNullOrEmpty(values) ? CacheControlDirectives.None : CacheControlDirectives.Parse((IEnumerable<string?>)values);

    /// <summary>
    /// <c>Expires</c> minus <c>Date</c> (or minus now without a Date). An <c>Expires</c> that is not a valid
    /// date means "already expired" (RFC 9111 §5.3), given here as zero.
    /// </summary>
    private static TimeSpan? ExpiresIn(IHeaderDictionary headers)
    {
        var expires = headers.Expires;
        if (StringValues.IsNullOrEmpty(expires)) return null;
        if (!HeaderUtilities.TryParseDate(expires.ToString(), out var expiresAt)) return TimeSpan.Zero;
        var date = HeaderUtilities.TryParseDate(headers.Date.ToString(), out var dated) ? dated : DateTimeOffset.UtcNow;
        return expiresAt - date;
    }
}
