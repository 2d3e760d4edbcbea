using System.Globalization;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Balancing;

/// <summary>The answer when every upstream of a route is refused by its breaker: 503, Retry-After, problem+json.</summary>
public static class FailFast
{
    public static Refusal RefusalFor(string routeId, int upstreams, TimeSpan retryAfter)
    {
        var seconds = CircuitBreaker.RetryAfterSeconds(retryAfter);
        var detail = upstreams == 1
            ? $"The upstream of route '{routeId}' is failing and is not being called for now. Retry after {seconds} s."
            : $"Every upstream of route '{routeId}' is failing and none is being called for now. Retry after {seconds} s.";
        return new Refusal(StatusCodes.Status503ServiceUnavailable, "Upstream unavailable", detail) { NotForwarded = true }
            .With("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
    }
}
