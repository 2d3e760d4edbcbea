using Gateway.Web.Http;

namespace Gateway.Web.Observability;

/// <summary>What the telemetry needs to know about a request once it is over; taken from <c>RequestOutcome</c>.</summary>
/// <param name="RouteId">Null when no route matched.</param>
/// <param name="Status">The status the client got; 499 when it left before an answer.</param>

/// <param name="ClientKey">Who the rate limiter counted the request against.</param>
public readonly record struct FinishedRequest(
    string? RouteId,
    string Method,
    int Status,
    double DurationMs,
    CacheOutcome Cache,
    RateLimitOutcome RateLimit,
    string? ClientKey)
{
    public bool Denied => RateLimit == RateLimitOutcome.Denied;
}
