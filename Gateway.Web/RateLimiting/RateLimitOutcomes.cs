namespace Gateway.Web.RateLimiting;

/// <summary>The values of <see cref="Http.RequestOutcome.RateLimit"/>.</summary>
public static class RateLimitOutcomes
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
    /// <summary>The route's policy is off: nothing was counted, no header written.</summary>
    public const string Off = "off";
    /// <summary>The limiter did not answer in time (or is gone): the request got 503 and was not forwarded.</summary>
    public const string Unavailable = "unavailable";
}
