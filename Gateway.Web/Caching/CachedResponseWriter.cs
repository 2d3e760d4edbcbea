using System.Runtime.InteropServices;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Caching;

/// <summary>
/// Answers a request from a stored response: whole, or as its preconditions and Range ask
/// (<see cref="StoredPreconditions"/>, <see cref="StoredRange"/>). Nothing is copied per request: header values are handed
/// to Kestrel as the arrays the entry holds, the cache's own fields come from <see cref="HitHeaderText"/>,
/// and the body is written straight from the entry's memory in one write.
/// </summary>
public static class CachedResponseWriter
{
    /// <param name="age">The entry's age now (RFC 9111 §4.2.3).</param>
    /// <param name="collapsed">The request missed and was answered by the one upstream call it waited on (RFC 9211 §2.6).</param>
    /// <param name="cacheStatus">This cache's <c>Cache-Status</c> member, when it is not a plain hit's (a stale or revalidated entry).</param>
    public static Task WriteAsync(HttpContext context, CachedResponse entry, TimeSpan age, bool collapsed, string? cacheStatus = null)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers[CacheHeaders.XCache] = CacheHeaders.Hit;
        headers[CacheHeaders.Age] = HitHeaderText.Age(age);
        headers[CacheHeaders.CacheStatus] = cacheStatus ?? HitHeaderText.CacheStatus(entry.TimeToLive - age, collapsed);
        if (IsConditionalOrRanged(context.Request.Headers)) return WriteAnsweringConditionsAsync(context, entry);

        response.StatusCode = entry.StatusCode;
        CopyStoredHeaders(entry, headers, onlyFor304: false);
        var body = entry.Body;
        if (MayHaveBody(entry.StatusCode)) response.ContentLength = body.Length;
        return WriteBodyAsync(context, body);
    }

    /// <summary>A request with preconditions or a Range: 304, 412, 206 or 416 from the stored response, or all of it.</summary>
    private static Task WriteAnsweringConditionsAsync(HttpContext context, CachedResponse entry)
    {
        var response = context.Response;
        var headers = response.Headers;
        switch (StoredPreconditions.Evaluate(context.Request.Headers, entry))
        {
            case PreconditionVerdict.NotModified:
                // RFC 9110 §15.4.5: the fields a 200 would have carried that describe the representation, no body.
                response.StatusCode = StatusCodes.Status304NotModified;
                CopyStoredHeaders(entry, headers, onlyFor304: true);
                return Task.CompletedTask;
            case PreconditionVerdict.PreconditionFailed:
                response.StatusCode = StatusCodes.Status412PreconditionFailed;
                response.ContentLength = 0;
                return Task.CompletedTask;
        }

        var range = StoredRange.For(context.Request, entry);
        var body = entry.Body;
        switch (range.Answer)
        {
            case StoredRange.Kind.Partial:
                response.StatusCode = StatusCodes.Status206PartialContent;
                CopyStoredHeaders(entry, headers, onlyFor304: false);
                headers.ContentRange = $"bytes {range.Start}-{range.Start + range.Length - 1}/{body.Length}";
                response.ContentLength = range.Length;
                return WriteBodyAsync(context, body.Slice((int)range.Start, (int)range.Length));
            case StoredRange.Kind.Unsatisfiable:
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                headers.ContentRange = $"bytes */{body.Length}";
                response.ContentLength = 0;
                return Task.CompletedTask;
            default:
                response.StatusCode = entry.StatusCode;
                CopyStoredHeaders(entry, headers, onlyFor304: false);
                if (MayHaveBody(entry.StatusCode)) response.ContentLength = body.Length;
                return WriteBodyAsync(context, body);
        }
    }

    private static void CopyStoredHeaders(CachedResponse entry, IHeaderDictionary headers, bool onlyFor304)
    {
        foreach (var header in entry.Headers)
        {
            if (onlyFor304 && !NotModifiedFields.Contains(header.Name)) continue;
            var values = header.Values;
            // The entry is immutable, so its arrays can back the response headers as they are.
            headers[header.Name] = values.Length == 1 ? new StringValues(values[0]) : new StringValues(ImmutableCollectionsMarshal.AsArray(values)!);
        }
    }

    private static Task WriteBodyAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        if (HttpMethods.IsHead(context.Request.Method) || body.IsEmpty) return Task.CompletedTask;
        // No RequestAborted token: Kestrel drops writes to a connection that has gone, without an exception.
        var written = context.Response.BodyWriter.WriteAsync(body);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }

    /// <summary>Kestrel's known request headers are flags, so this costs a hit a few bit tests.</summary>
    private static bool IsConditionalOrRanged(IHeaderDictionary request) =>
        !StringValues.IsNullOrEmpty(request.IfNoneMatch) || !StringValues.IsNullOrEmpty(request.IfModifiedSince)
        || !StringValues.IsNullOrEmpty(request.IfMatch) || !StringValues.IsNullOrEmpty(request.IfUnmodifiedSince)
        || !StringValues.IsNullOrEmpty(request.Range);

    /// <summary>RFC 9110 §15.4.5: what a 304 carries of the response a 200 would have been.</summary>
    private static readonly HashSet<string> NotModifiedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified",
    };

    private static bool MayHaveBody(int status) => status is >= 200 and not 204 and not 304;
}

/// <summary>
/// The text of the <c>Age</c> and <c>Cache-Status</c> fields of a hit. Both change only once a second per
/// entry, so each text for the first hour is made once and kept (a few hundred KiB at most) instead of
/// being formatted on every hit; longer ages and lifetimes are formatted each time.
/// </summary>
internal static class HitHeaderText
{
    private const int KeptSeconds = 3600;

    private static readonly string?[] Ages = new string?[KeptSeconds];
    private static readonly string?[] Hits = new string?[KeptSeconds];
    private static readonly string?[] Collapsed = new string?[KeptSeconds];

    public static string Age(TimeSpan age) => Kept(Ages, age, static s => s);

    /// <param name="ttl">What is left of the entry's lifetime.</param>
    public static string CacheStatus(TimeSpan ttl, bool collapsed) =>
        collapsed
            ? Kept(Collapsed, ttl, static s => $"{CacheHeaders.CacheName}; fwd=uri-miss; collapsed; ttl={s}")
            : Kept(Hits, ttl, static s => $"{CacheHeaders.CacheName}; hit; ttl={s}");

    // Two threads may make the same text at once; either copy is right, so no lock.
    private static string Kept(string?[] kept, TimeSpan span, Func<string, string> format)
    {
        var seconds = (long)Math.Floor(span.TotalSeconds);
        if (seconds is < 0 or >= KeptSeconds) return format(CacheHeaders.Seconds(span));
        return kept[seconds] ??= format(CacheHeaders.Seconds(span));
    }
}
