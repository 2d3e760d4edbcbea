using Gateway.Actors.Caching;
using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>
/// Revalidating a stale entry with its origin (RFC 9111 §4.3): the validators it carries go on the request
/// (§4.3.1), and a 304 refreshes it (§4.3.4): the 304's fields replace the stored ones of the same name (§3.2),
/// the body stays, and its freshness is worked out again from the refreshed fields, from the time of the request.
/// </summary>
public static class Revalidation
{
    /// <summary>§3.2: what a 304 never updates (the stored body's own framing), besides hop-by-hop fields and the gateway's own.</summary>
    private static readonly HashSet<string> NotUpdated = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.ContentLength, HeaderNames.ContentEncoding, HeaderNames.ContentRange, HeaderNames.TransferEncoding,
    };

    /// <summary>
    /// Puts the stale entry's validators on the request going upstream: its <c>ETag</c> as <c>If-None-Match</c> and its
    /// <c>Last-Modified</c> as <c>If-Modified-Since</c> (the request had neither: a conditional request never fills).
    /// False when it has no validator, so there is nothing to revalidate and the response will be a full one.
    /// </summary>
    public static bool AddValidators(IHeaderDictionary request, CachedResponse stale)
    {
        var etag = stale.SingleValue(HeaderNames.ETag);
        var lastModified = stale.SingleValue(HeaderNames.LastModified);
        if (etag is not null) request.IfNoneMatch = etag;
        if (lastModified is not null) request.IfModifiedSince = lastModified;
        return etag is not null || lastModified is not null;
    }

    /// <summary>Takes back what <see cref="AddValidators"/> put on the request.</summary>
    public static void RemoveValidators(IHeaderDictionary request)
    {
        request.Remove(HeaderNames.IfNoneMatch);
        request.Remove(HeaderNames.IfModifiedSince);
    }

    /// <summary>The entry as the 304 refreshes it, and whether (and for how long) the refreshed entry may be stored.</summary>
    public static (CachedResponse Entry, StoreDecision Decision) Refresh(
        CachedResponse stale, HttpResponseMessage notModified, HttpRequest request, ResponseCache.Settings settings, DateTimeOffset requestedAt)
    {
        IHeaderDictionary merged = new HeaderDictionary();
        foreach (var header in stale.Headers) merged[header.Name] = new StringValues([.. header.Values]);
        var hopByHop = HopByHopHeaders.For(notModified.Headers.Connection);
        foreach (var (name, values) in notModified.Headers.NonValidated)
        {
            if (hopByHop.Contains(name) || NotUpdated.Contains(name) || CacheHeaders.IsGatewayOwned(name)) continue;
            merged[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
        // The 304's Age is its own, and the entry is as old as the 304 says (it was just confirmed).
        merged.Age = notModified.Headers.NonValidated.TryGetValues(HeaderNames.Age, out var age) ? age.ToString() : StringValues.Empty;
        var decision = StorePolicy.ForResponse(stale.StatusCode, merged, request, settings);
        merged.Remove(HeaderNames.Age);
        var refreshed = new CachedResponse(
            stale.StatusCode,
            merged.Select(h => new CachedHeader(h.Key, h.Value.Select(v => v ?? "").ToArray())),
            stale.Body.Span,
            storedAt: requestedAt - decision.Age,
            decision.TimeToLive,
            stale.Vary);
        return (StorePolicy.WithStaleAllowances(refreshed, merged, settings), decision);
    }
}
