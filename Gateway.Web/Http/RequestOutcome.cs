using Gateway.Actors.CircuitBreaking;
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
    public CacheOutcome Cache { get; set; }
    public RateLimitOutcome RateLimit { get; set; }
    /// <summary>The breaker state of the chosen upstream when the request was admitted or refused; null when none was chosen.</summary>
    public BreakerState? Breaker { get; set; }
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

/// <summary>What the cache did for a request.</summary>
public enum CacheOutcome : byte
{
    /// <summary>The route does not cache (or the request never reached the cache).</summary>
    None,
    Hit,
    Miss,
    /// <summary>Not looked up: an unsafe method, or the request's own directives (<c>no-store</c>, ...).</summary>
    Bypass,
}

/// <summary>What the rate limiter did for a request.</summary>
public enum RateLimitOutcome : byte
{
    /// <summary>The request never reached the rate limit (no route, no valid key).</summary>
    None,
    Allowed,
    Denied,
    /// <summary>The route's policy is off: nothing was counted, no header written.</summary>
    Off,
    /// <summary>The limiter did not answer in time (or is gone): the request got 503 and was not forwarded.</summary>
    Unavailable,
}

/// <summary>The words the log line, the spans and the status page use for each outcome.</summary>
public static class OutcomeLabels
{
    /// <summary><c>X-Cache</c>'s words (HIT, MISS, BYPASS); null for <see cref="CacheOutcome.None"/>.</summary>
    public static string? Label(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "HIT",
        CacheOutcome.Miss => "MISS",
        CacheOutcome.Bypass => "BYPASS",
        _ => null,
    };

    public static string? Label(this RateLimitOutcome outcome) => outcome switch
    {
        RateLimitOutcome.Allowed => "allowed",
        RateLimitOutcome.Denied => "denied",
        RateLimitOutcome.Off => "off",
        RateLimitOutcome.Unavailable => "unavailable",
        _ => null,
    };

    public static string? Label(this BreakerState? state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half-open",
        _ => null,
    };
}
