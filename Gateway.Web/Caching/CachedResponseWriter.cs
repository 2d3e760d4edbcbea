using System.Runtime.InteropServices;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Caching;

/// <summary>
/// Answers a request from a stored response. Nothing is copied per request: header values are handed
/// to Kestrel as the arrays the entry holds, and the body is written straight from the entry's memory.
/// </summary>
public static class CachedResponseWriter
{
    public static Task WriteAsync(HttpContext context, ResponseCache.Hit hit)
    {
        var entry = hit.Entry;
        var response = context.Response;
        response.StatusCode = entry.StatusCode;
        var headers = response.Headers;
        foreach (var header in entry.Headers)
        {
            var values = header.Values;
            // The entry is immutable, so its arrays can back the response headers as they are.
            headers[header.Name] = values.Length == 1 ? new StringValues(values[0]) : new StringValues(ImmutableCollectionsMarshal.AsArray(values)!);
        }

        var ttl = entry.TimeToLive - hit.Age;
        headers[CacheHeaders.XCache] = CacheHeaders.Hit;
        headers[CacheHeaders.Age] = CacheHeaders.Seconds(hit.Age);
        // A collapsed request missed and was answered by the one upstream call it waited on (RFC 9211 §2.6).
        headers[CacheHeaders.CacheStatus] = hit.Collapsed
            ? $"{CacheHeaders.CacheName}; fwd=uri-miss; collapsed; ttl={CacheHeaders.Seconds(ttl)}"
            : $"{CacheHeaders.CacheName}; hit; ttl={CacheHeaders.Seconds(ttl)}";

        var body = entry.Body;
        if (MayHaveBody(entry.StatusCode)) response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method) || body.IsEmpty) return Task.CompletedTask;
        // No RequestAborted token: Kestrel drops writes to a connection that has gone, without an exception.
        return response.Body.WriteAsync(body).AsTask();
    }

    private static bool MayHaveBody(int status) => status is >= 200 and not 204 and not 304;
}
