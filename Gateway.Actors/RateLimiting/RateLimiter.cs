using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The rate-limiter protocol. One <see cref="RateLimiterRegistry"/> (made by <see cref="Props"/>) answers
/// every <see cref="Check"/> with one <see cref="Decision"/>; behind it lives one limiter actor per
/// (policy, client), created on first use and put away again when the client goes quiet.
/// </summary>
public static partial class RateLimiter
{
    /// <summary>The registry: the one actor the web layer asks.</summary>
    /// <param name="board">
    /// Where busy clients' limiters publish their <see cref="PermitLease"/>s for the request path to take
    /// from; null: no leases, every request is asked for.
    /// </param>
    public static Props Props(RateLimitBoard? board = null) => Akka.Actor.Props.Create(() => new RateLimiterRegistry(board));

    /// <summary>
    /// "May this client make one more request under this policy?" Ask the registry with exactly one of
    /// these per request; an admitted check uses up one unit of the quota, a denied one uses nothing.
    /// </summary>
    /// <param name="PolicyId">
    /// Names the policy, e.g. <c>"default"</c> for the global block or a route id for a route with its own
    /// block. It is the policy name in the <c>RateLimit</c> headers and half of the limiter's key.
    /// </param>
    /// <param name="ClientKey">The client identity the policy's <see cref="Settings.Key"/> asks for (an IP address, an API key).</param>
    /// <param name="Policy">
    /// The policy's settings, carried along so that no policy has to be registered ahead: the route table
    /// holds them. A limiter created for a key adopts a changed policy (after a reload) on the next check,
    /// keeping the requests that still count where the algorithm allows.
    /// </param>
    public sealed record Check(string PolicyId, string ClientKey, Settings Policy);

    /// <summary>
    /// The answer to one <see cref="Check"/>: everything the web layer writes, see <see cref="RateLimitHeaders"/>.
    /// </summary>
    /// <param name="Allowed">Whether the request goes ahead. Denied: answer 429, never forward.</param>
    /// <param name="Limit">The quota per window; zero means the policy is off (see <see cref="Enforced"/>).</param>
    /// <param name="Remaining">Requests this client may still make right now, after this one.</param>
    /// <param name="ResetAfter">Time until this client has its whole quota back (the <c>t</c> of <c>RateLimit</c>).</param>
    /// <param name="RetryAfter">Time until the next request would be admitted; zero while <see cref="Remaining"/> is above zero.</param>
    /// <param name="Window">The policy's window (the <c>w</c> of <c>RateLimit-Policy</c>).</param>
    public sealed record Decision(
        string PolicyId,
        string ClientKey,
        bool Allowed,
        int Limit,
        int Remaining,
        TimeSpan ResetAfter,
        TimeSpan RetryAfter,
        TimeSpan Window)
    {
        /// <summary>False for a disabled policy: the request was admitted without counting, write no rate-limit headers.</summary>
        public bool Enforced => Limit > 0;

        internal static Decision NotEnforced(Check check) =>
            new(check.PolicyId, check.ClientKey, Allowed: true, Limit: 0, Remaining: 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>Ask the registry for a <see cref="Stats"/> (for metrics).</summary>
    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
    }

    /// <param name="LiveLimiters">Per-(policy, client) limiter actors currently alive, including any being put away.</param>
    public sealed record Stats(int LiveLimiters);

    // The passivation hand-shake between a limiter and the registry. A limiter that has been idle asks to
    // be put away; the registry stops routing to it and tells it to stop if it is still idle; the limiter
    // either stops or, if checks reached it in the meantime, declines and keeps its history.

    internal sealed record Passivate(string PolicyId, string ClientKey);

    internal sealed record StopIfIdle(string PolicyId, string ClientKey);

    internal sealed record PassivationDeclined(string PolicyId, string ClientKey);
}
