using Gateway.Actors.RateLimiting;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.RateLimiting;

/// <summary>What the client sees of a rate-limit decision: the headers, and the 429 and 503 the pipeline writes.</summary>
public static class RateLimitResponses
{
    /// <summary>
    /// Writes <c>RateLimit-Policy</c> and <c>RateLimit</c> now and again just before the response starts.
    /// The forwarder copies the upstream's headers over the response, so an upstream that sends its own
    /// <c>RateLimit</c> fields would otherwise replace the gateway's; the gateway's win because they are
    /// the budget this client actually has at this entry point.
    /// </summary>
    public static void SetHeaders(HttpContext context, string policyHeader, string rateLimitHeader)
    {
        var outcome = RequestOutcome.Of(context);
        outcome.RateLimitHeaders = (policyHeader, rateLimitHeader);
        Apply(context.Response, policyHeader, rateLimitHeader);
        // The context as state and the values kept on its outcome: no closure to allocate per request.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            if (RequestOutcome.Of(context).RateLimitHeaders is var (policy, rateLimit)) Apply(context.Response, policy, rateLimit);
            return Task.CompletedTask;
        }, context);
    }

    /// <param name="fallback">Decided by this node's fallback: the limit is this node's share of the quota, and the detail says so.</param>
    public static Refusal Denied(string policyName, RateLimiter.Decision decision, bool fallback = false)
    {
        var retryAfter = RateLimitHeaders.RetryAfter(decision);
        var window = Math.Max(1, (long)Math.Ceiling(decision.Window.TotalSeconds));
        return new Refusal(StatusCodes.Status429TooManyRequests, "Too many requests", fallback
                ? $"This client has made the {decision.Limit} requests that this gateway node admits on its own under policy '{policyName}' in {window} s " +
                  $"while the node that counts the client's requests is out of reach. Retry after {retryAfter} s."
                : $"This client has made the {decision.Limit} requests that policy '{policyName}' allows in {window} s. Retry after {retryAfter} s.")
            .With(RateLimitHeaders.RetryAfterHeader, retryAfter);
    }

    public static Refusal Unavailable(string routeId) =>
        new(StatusCodes.Status503ServiceUnavailable, "Rate limiter unavailable",
            $"The rate limiter did not decide on this request to route '{routeId}' in time; it was not forwarded.");

    private static void Apply(HttpResponse response, string policy, string remaining)
    {
        response.Headers[RateLimitHeaders.PolicyHeader] = policy;
        response.Headers[RateLimitHeaders.RateLimitHeader] = remaining;
    }
}
