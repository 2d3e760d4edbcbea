using System.Globalization;
using System.Text;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The header values of a <see cref="RateLimiter.Decision"/>, ready to write:
/// <c>RateLimit-Policy</c> and <c>RateLimit</c> in the structured form of
/// draft-ietf-httpapi-ratelimit-headers (<c>"default";q=10;w=60</c>, <c>"default";r=3;t=42</c>) and
/// <c>Retry-After</c> in whole seconds. Write the first two on every enforced decision, admitted or not;
/// <c>Retry-After</c> on a 429.
/// </summary>
public static class RateLimitHeaders
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string RateLimitHeader = "RateLimit";
    public const string RetryAfterHeader = "Retry-After";

    /// <summary><c>"name";q=quota;w=window-seconds</c>. The window is rounded up to whole seconds, at least 1.</summary>
    public static string Policy(string policyName, int quota, TimeSpan window) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{SfString(policyName)};q={quota};w={Math.Max(1, CeilingSeconds(window))}");

    public static string Policy(RateLimiter.Decision decision)
    {
        RequireEnforced(decision);
        return Policy(decision.PolicyId, decision.Limit, decision.Window);
    }

    /// <summary>
    /// <c>"name";r=remaining;t=seconds</c>, where t counts until the whole quota is back, rounded up so
    /// that a client waiting t seconds is never early.
    /// </summary>
    public static string RateLimit(string policyName, int remaining, TimeSpan resetAfter) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{SfString(policyName)};r={Math.Max(0, remaining)};t={CeilingSeconds(resetAfter)}");

    public static string RateLimit(RateLimiter.Decision decision)
    {
        RequireEnforced(decision);
        return RateLimit(decision.PolicyId, decision.Remaining, decision.ResetAfter);
    }

    /// <summary>Whole seconds, rounded up and at least 1, so a client that waits this long is admitted.</summary>
    public static string RetryAfter(TimeSpan retryAfter) =>
        Math.Max(1, CeilingSeconds(retryAfter)).ToString(CultureInfo.InvariantCulture);

    public static string RetryAfter(RateLimiter.Decision decision) => RetryAfter(decision.RetryAfter);

    /// <summary>
    /// A structured-field String (RFC 9651): quoted, with '\' and '"' escaped. It may hold only printable
    /// ASCII, so anything else in a policy name becomes '_'.
    /// </summary>
    internal static string SfString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') builder.Append(c);
            else builder.Append('_');
        }
        return builder.Append('"').ToString();
    }

    private static long CeilingSeconds(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (duration.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;

    private static void RequireEnforced(RateLimiter.Decision decision)
    {
        if (!decision.Enforced)
            throw new ArgumentException("the policy is off: write no rate-limit headers", nameof(decision));
    }
}
