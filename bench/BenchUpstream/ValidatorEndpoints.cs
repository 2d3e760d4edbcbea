using Microsoft.AspNetCore.Http;

namespace BenchUpstream;

/// <summary>
/// Scenario (k)'s answers: a body fresh for one second, with an ETag the gateway revalidates once it is stale
/// (a 304 when the request names it), or without one, so the gateway fetches the whole body again.
/// </summary>
public static class ValidatorEndpoints
{
    private const string ETag = "\"v1\"";

    public static Task ValidatedAsync(HttpContext context, int length, CallCounters counters)
    {
        var response = context.Response;
        response.Headers.CacheControl = "max-age=1";
        response.Headers.ETag = ETag;
        if (context.Request.Headers.IfNoneMatch == ETag)
        {
            counters.CountNotModified();
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        counters.CountFullBody();
        return BodyEndpoints.FixedBytesAsync(context, length);
    }

    public static Task UnvalidatedAsync(HttpContext context, int length, CallCounters counters)
    {
        context.Response.Headers.CacheControl = "max-age=1";
        counters.CountFullBody();
        return BodyEndpoints.FixedBytesAsync(context, length);
    }
}
