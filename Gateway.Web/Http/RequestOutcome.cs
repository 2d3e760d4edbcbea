using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>
/// What each step decided about one request, gathered as the request passes through so that one log
/// line, metrics and the status page can tell the whole story. Lives in <c>HttpContext.Features</c>,
/// never in an actor message.
/// </summary>
public sealed class RequestOutcome
{
    public string? RouteId { get; set; }
    public string? ClientKey { get; set; }
    /// <summary>The name (never the value) of the API key that authenticated the request.</summary>
    public string? ApiKeyName { get; set; }
    public string? Upstream { get; set; }
    /// <summary>HIT, MISS or BYPASS; null where the route does not cache.</summary>
    public string? CacheStatus { get; set; }
    /// <summary>allowed, denied, off, or unavailable (the limiter did not answer: 503); see RateLimiting.RateLimitOutcomes.</summary>
    public string? RateLimit { get; set; }
    /// <summary>The breaker state of the chosen upstream when the request was admitted or refused.</summary>
    public string? BreakerState { get; set; }
    /// <summary>The <c>RateLimit-Policy</c> and <c>RateLimit</c> values written, to write again as the response starts.</summary>
    public (string Policy, string RateLimit)? RateLimitHeaders { get; set; }
    /// <summary>
    /// The gateway answered without calling any upstream (a bad path; every breaker open), so the cache's
    /// MISS headers, which say the request went on to the upstream, are not written.
    /// </summary>
    public bool NotForwarded { get; set; }
    public long RequestBytes { get; set; }
    public long ResponseBytes { get; set; }

    public static RequestOutcome Of(HttpContext context)
    {
        var outcome = context.Features.Get<RequestOutcome>();
        if (outcome is null)
        {
            outcome = new RequestOutcome();
            context.Features.Set(outcome);
        }
        return outcome;
    }
}
