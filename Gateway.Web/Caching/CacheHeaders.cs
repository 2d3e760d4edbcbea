using System.Globalization;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Caching;

/// <summary>
/// The headers the cache adds to every response on a cached route: <c>X-Cache</c> (HIT, MISS, BYPASS),
/// the RFC 9211 <c>Cache-Status</c> member of this cache, and <c>Age</c> on hits.
/// </summary>
public static class CacheHeaders
{
    public const string XCache = "X-Cache";
    public const string CacheStatus = "Cache-Status";
    public const string Age = "Age";

    /// <summary>The cache's name in <c>Cache-Status</c>.</summary>
    public const string CacheName = "Gateway";

    public const string Hit = "HIT";
    public const string Miss = "MISS";
    public const string Bypass = "BYPASS";

    /// <summary>
    /// Sets the headers of a forwarded response just before it starts, after the upstream's headers are
    /// in place, so an upstream's own <c>X-Cache</c> cannot overwrite ours and its <c>Cache-Status</c>
    /// (an upstream cache's member) is kept in front of ours as RFC 9211 orders them.
    /// </summary>
    public static void SetWhenStarting(HttpResponse response, string xCache, string cacheStatusMember) =>
        response.OnStarting(
            static state =>
            {
                var (response, xCache, member) = ((HttpResponse, string, string))state;
                Set(response, xCache, member);
                return Task.CompletedTask;
            },
            (response, xCache, cacheStatusMember));

    public static void Set(HttpResponse response, string xCache, string cacheStatusMember)
    {
        if (RequestOutcome.Of(response.HttpContext).NotForwarded) return;
        var headers = response.Headers;
        headers[XCache] = xCache;
        var upstream = headers[CacheStatus];
        headers[CacheStatus] = StringValues.IsNullOrEmpty(upstream) ? cacheStatusMember : StringValues.Concat(upstream, cacheStatusMember);
    }

    /// <summary><c>Gateway; fwd=uri-miss</c> plus the given parameters, if any.</summary>
    public static string Forwarded(string fwd, string? parameters = null) =>
        parameters is null ? $"{CacheName}; fwd={fwd}" : $"{CacheName}; fwd={fwd}; {parameters}";

    /// <summary>Whole seconds, as RFC 9111 delta-seconds and RFC 9211 <c>ttl</c> want them.</summary>
    public static string Seconds(TimeSpan span) => ((long)Math.Floor(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Response fields the gateway writes itself: never stored with an entry, since on a hit they are
    /// written afresh (<c>Age</c>, the cache's own fields) or belong to this request only (rate limits).
    /// <c>Content-Length</c> is written from the stored body's length.
    /// </summary>
    public static bool IsGatewayOwned(string name) =>
        name.Equals(XCache, StringComparison.OrdinalIgnoreCase)
        || name.Equals(CacheStatus, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Age, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-RateLimit", StringComparison.OrdinalIgnoreCase);
}
