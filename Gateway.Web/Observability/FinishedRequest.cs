namespace Gateway.Web.Observability;

/// <summary>What the telemetry needs to know about a request once it is over; taken from <c>RequestOutcome</c>.</summary>
/// <param name="RouteId">Null when no route matched.</param>
/// <param name="Status">The status the client got; 499 when it left before an answer.</param>
/// <param name="CacheStatus">HIT, MISS, BYPASS or null.</param>
/// <param name="RateLimit">allowed, denied, off or null.</param>
/// <param name="ClientKey">Who the rate limiter counted the request against.</param>
public readonly record struct FinishedRequest(
    string? RouteId,
    string Method,
    int Status,
    double DurationMs,
    string? CacheStatus,
    string? RateLimit,
    string? ClientKey)
{
    public bool Denied => string.Equals(RateLimit, "denied", StringComparison.OrdinalIgnoreCase);
}
