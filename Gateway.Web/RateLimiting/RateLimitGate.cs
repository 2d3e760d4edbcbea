using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.RateLimiting;
using Gateway.Web.Configuration;
using Gateway.Web.Http;
using Gateway.Web.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.RateLimiting;

/// <summary>
/// The rate-limit step of the request path, right after the route match and before anything else
/// (WebSocket handshakes included) touches the upstream. A busy client's request takes a permit its
/// limiter set aside for this node on the <see cref="RateLimitBoard"/>; any other asks the client's
/// limiter entity (wherever in the cluster it lives), once; while that limiter is out of reach (its node
/// lost), this node's <see cref="RateLimitFallback"/> decides instead. The actors decide, this class
/// writes what they decided.
/// </summary>
public sealed partial class RateLimitGate(
    IRequiredActor<RateLimiterRegion> limiter,
    IRequiredActor<LeaseDeskActor> desk,
    RateLimitBoard board,
    RateLimitFallback fallbacks,
    GatewayMetrics metrics,
    ILogger<RateLimitGate> logger)
{
    /// <summary>
    /// A decision takes microseconds; a limiter that has not answered in 2 s is stuck or gone. Admitting the
    /// request uncounted then would switch the protection off exactly when the gateway is under the most
    /// pressure: so it is decided by this node's fallback, which counts (where other nodes exist, one of
    /// which may be lost), or failed with 503 (a node on its own, or the fallback off). Short, so the client
    /// hears it before its own timeout; long, so a burst of garbage collection or a busy box does not turn
    /// into fallback decisions or 503s.
    /// </summary>
    public static readonly TimeSpan DecisionTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Null when the request may go on; otherwise the 429 or 503 to answer (or <see cref="Refusal.ClientGone"/>:
    /// the client went away while it waited).
    /// </summary>
    public async ValueTask<Refusal?> AdmitAsync(HttpContext context, RouteSettings route)
    {
        var outcome = RequestOutcome.Of(context);
        if (!route.RateLimit.Enabled)
        {
            outcome.RateLimit = RateLimitOutcome.Off;
            return null;
        }

        var choice = RateLimitPolicyChoice.For(route);
        var clientKey = choice.ClientKeyOf(context);
        if (board.TryAdmit(choice.LimiterPolicyId, clientKey, choice.Policy, out var remaining, out var resetAfter))
        {
            RateLimitResponses.SetHeaders(context, choice.PolicyHeader, choice.RateLimitHeader(remaining, resetAfter));
            outcome.RateLimit = RateLimitOutcome.Allowed;
            return null;
        }

        var check = new RateLimiter.Check(choice.LimiterPolicyId, clientKey, choice.Policy) { Desk = desk.ActorRef };
        // Inline rather than in a helper: an async helper would cost every asked request one more state machine.
        RateLimiter.Decision? decision = null;
        var fallback = fallbacks.Skips(check);
        try
        {
            if (!fallback)
            {
                var asked = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    decision = await limiter.ActorRef.Ask<RateLimiter.Decision>(check, DecisionTimeout, context.RequestAborted);
                    metrics.RecordDecision("rate-limit", decision.CrossNode, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
                }
                catch (AskTimeoutException) when (fallbacks.TakesOverAfterTimeout(check))
                {
                    fallback = true;
                }
            }
            decision ??= await fallbacks.DecideAsync(check, route.Id, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Refusal.ClientGone;
        }
        catch (Exception e)
        {
            outcome.RateLimit = RateLimitOutcome.Unavailable;
            LogLimiterFailed(route.Id, e.GetType().Name, e.Message);
            return RateLimitResponses.Unavailable(route.Id);
        }

        if (!decision.Enforced)
        {
            outcome.RateLimit = RateLimitOutcome.Off;
            return null;
        }

        RateLimitResponses.SetHeaders(context, choice.PolicyHeader, choice.RateLimitHeader(decision.Remaining, decision.ResetAfter));
        if (decision.Allowed)
        {
            outcome.RateLimit = RateLimitOutcome.Allowed;
            return null;
        }

        outcome.RateLimit = RateLimitOutcome.Denied;
        LogDenied(check.ClientKey, choice.PolicyName, route.Id);
        return RateLimitResponses.Denied(choice.PolicyName, decision, fallback);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Rate limiter gave no decision for route {RouteId}; answering 503: {ErrorType}: {Error}")]
    private partial void LogLimiterFailed(string routeId, string errorType, string error);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Client {ClientKey} is over policy {Policy} on route {RouteId}: 429")]
    private partial void LogDenied(string clientKey, string policy, string routeId);
}
