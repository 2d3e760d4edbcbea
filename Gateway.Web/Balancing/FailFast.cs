using System.Globalization;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Balancing;

/// <summary>The answer when every upstream of a route is refused by its breaker: 503, Retry-After, problem+json.</summary>
public static class FailFast
{
    public static Task WriteAsync(HttpContext context, string routeId, int upstreams, TimeSpan retryAfter)
    {
        RequestOutcome.Of(context).NotForwarded = true;
        var seconds = CircuitBreaker.RetryAfterSeconds(retryAfter);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = upstreams == 1
            ? $"The upstream of route '{routeId}' is failing and is not being called for now. Retry after {seconds} s."
            : $"Every upstream of route '{routeId}' is failing and none is being called for now. Retry after {seconds} s.";
        return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Upstream unavailable", detail);
    }
}
