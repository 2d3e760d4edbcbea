using System.Runtime.InteropServices;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Caching;

/// <summary>
/// Answers a request from a stored response. Nothing is copied per request: header values are handed
/// to Kestrel as the arrays the entry holds, the cache's own fields come from <see cref="HitHeaderText"/>,
/// and the body is written straight from the entry's memory in one write.
/// </summary>
public static class CachedResponseWriter
{
    /// <param name="age">The entry's age now (RFC 9111 §4.2.3).</param>
    /// <param name="collapsed">The request missed and was answered by the one upstream call it waited on (RFC 9211 §2.6).</param>
    public static Task WriteAsync(HttpContext context, CachedResponse entry, TimeSpan age, bool collapsed)
    {
        var response = context.Response;
        response.StatusCode = entry.StatusCode;
        var headers = response.Headers;
        foreach (var header in entry.Headers)
        {
            var values = header.Values;
            // The entry is immutable, so its arrays can back the response headers as they are.
            headers[header.Name] = values.Length == 1 ? new StringValues(values[0]) : new StringValues(ImmutableCollectionsMarshal.AsArray(values)!);
        }

        headers[CacheHeaders.XCache] = CacheHeaders.Hit;
        headers[CacheHeaders.Age] = HitHeaderText.Age(age);
        headers[CacheHeaders.CacheStatus] = HitHeaderText.CacheStatus(entry.TimeToLive - age, collapsed);

        var body = entry.Body;
        if (MayHaveBody(entry.StatusCode)) response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method) || body.IsEmpty) return Task.CompletedTask;
        // No RequestAborted token: Kestrel drops writes to a connection that has gone, without an exception.
        var written = response.BodyWriter.WriteAsync(body);
        return written.IsCompletedSuccessfully ? Task.CompletedTask : written.AsTask();
    }

    private static bool MayHaveBody(int status) => status is >= 200 and not 204 and not 304;
}
