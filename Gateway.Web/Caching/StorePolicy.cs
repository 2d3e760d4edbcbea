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

    public static StoreDecision ForResponse(HttpContext context, ResponseCache.Settings settings) =>
        ForResponse(context.Response.StatusCode, context.Response.Headers, context.Request, settings);

    /// <summary>The rules for a response given by its status and fields (a stored one refreshed by a 304, say).</summary>
    public static StoreDecision ForResponse(int statusCode, IHeaderDictionary headers, HttpRequest request, ResponseCache.Settings settings)
    {
        var targeted = Targeted(headers, settings);
        var origin = new OriginResponse(
            statusCode,
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

    /// <summary>
    /// What may be done with the entry once it is stale: served while refreshed (<c>stale-while-revalidate</c>,
    /// RFC 5861 §3) or instead of an upstream failure (<c>stale-if-error</c>, §4), each up to the route's maximum,
    /// neither with <c>must-revalidate</c> or <c>proxy-revalidate</c> (RFC 9111 §5.2.2.2, §5.2.2.8); and how long it
    /// is kept after it expires: for those windows, and for <c>keep-stale</c> when it has a validator to revalidate with.
    /// </summary>
    public static CachedResponse WithStaleAllowances(CachedResponse entry, IHeaderDictionary headers, ResponseCache.Settings settings)
    {
        var directives = Targeted(headers, settings) ?? CacheControlOf(headers.CacheControl);
        var mustRevalidate = directives.MustRevalidate || directives.ProxyRevalidate;
        var whileRevalidating = mustRevalidate ? TimeSpan.Zero : Allowed(directives.StaleWhileRevalidate, settings.MaxStaleWhileRevalidate);
        var ifError = mustRevalidate ? TimeSpan.Zero : Allowed(directives.StaleIfError, settings.MaxStaleIfError);
        var hasValidator = headers.ContainsKey(HeaderNames.ETag) || headers.ContainsKey(HeaderNames.LastModified);
        var keep = hasValidator && settings.KeepStale > whileRevalidating ? settings.KeepStale : whileRevalidating;
        return entry with
        {
            StaleWhileRevalidate = whileRevalidating,
            StaleIfError = ifError,
            KeepStale = ifError > keep ? ifError : keep,
            MustRevalidate = mustRevalidate,
        };
    }

    /// <summary>RFC 9213 §2.1: a valid targeted field (where the route reads it) decides alone; Cache-Control and Expires are then ignored.</summary>
    private static CacheControlDirectives? Targeted(IHeaderDictionary headers, ResponseCache.Settings settings) =>
        settings.CdnCacheControl ? TargetedCacheControl.Parse(headers[TargetedCacheControl.FieldName]) : null;

    private static TimeSpan Allowed(DeltaDirective directive, TimeSpan maximum) =>
        directive.IsPresent && directive.Value is { } value ? (value < maximum ? value : maximum) : TimeSpan.Zero;

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
