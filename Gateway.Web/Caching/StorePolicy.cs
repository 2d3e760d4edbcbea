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
        var headers = response.Headers;
        // RFC 9213 §2.1: a valid targeted field decides alone; Cache-Control and Expires are then ignored.
        var targeted = settings.CdnCacheControl ? TargetedCacheControl.Parse(headers[TargetedCacheControl.FieldName]) : null;
        var origin = new OriginResponse(
            response.StatusCode,
            targeted ?? CacheControlOf(headers.CacheControl),
            HasSetCookie: headers.ContainsKey(HeaderNames.SetCookie),
            Vary: headers.Vary,
            ExpiresIn: targeted is null ? ExpiresIn(headers) : null,
            Age: AgeField.Parse(headers.Age));
        return SharedCacheRules.ForResponse(
            origin,
            CacheControlOf(request.Headers.CacheControl),
            requestHasAuthorization: request.Headers.ContainsKey(HeaderNames.Authorization),
            settings);
    }

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
    /// <c>Expires</c> minus <c>Date</c> (or minus now, without a valid Date), both read as HTTP-dates in any of
    /// the three forms (RFC 9110 §5.6.7). An <c>Expires</c> that is not a valid date, or is given more than once
    /// (a singleton field), means "already expired" (RFC 9111 §5.3), given here as zero.
    /// </summary>
    private static TimeSpan? ExpiresIn(IHeaderDictionary headers)
    {
        var expires = headers.Expires;
        if (expires.Count == 0) return null;
        var now = DateTimeOffset.UtcNow;
        if (expires.Count > 1 || !HttpDate.TryParse(expires[0], now, out var expiresAt)) return TimeSpan.Zero;
        var date = headers.Date;
        var dated = date.Count == 1 && HttpDate.TryParse(date[0], now, out var origin) ? origin : now;
        return expiresAt - dated;
    }
}
