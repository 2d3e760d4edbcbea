using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.RateLimiting;
using Gateway.Web.Logging;
using Gateway.Web.Observability;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.RateLimiting;

/// <summary>
/// The rate-limit step while a client's limiter is out of reach (its node unreachable, or silent past the
/// decision timeout): this node decides the client's requests itself, counting them in a limiter of its
/// own under its share of the quota (<see cref="LimiterOwners.FallbackShare"/>), so that the client keeps
/// being served and limited instead of waiting for an answer that cannot come and getting 503. Each
/// serving node takes the same share, so together they admit no more than the quota: fewer, never more.
/// </summary>
public sealed partial class RateLimitFallback(
    IRequiredActor<FallbackLimiterRegion> limiters,
    IRequiredActor<LimiterOwnerWatchActor> watch,
    LimiterOwnerBoard owners,
    GatewayMetrics metrics,
    TimeProvider clock,
    ILogger<RateLimitFallback> logger)
{
    /// <summary>A node falling back decides many requests; one line per interval says so, with how many.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly OncePerInterval _line = new(LogInterval, clock);

    /// <summary>
    /// True when <paramref name="check"/>'s limiter is known to be out of reach: decide it here without asking
    /// it. While every limiter is within reach (the normal case) this costs one null test.
    /// </summary>
    public bool Skips(RateLimiter.Check check) => owners.Current.IsOutOfReach(check);

    /// <summary>
    /// After <paramref name="check"/>'s limiter let the decision time out: true when the fallback takes the
    /// request over, which it does only where other nodes exist (a node on its own holds every limiter itself,
    /// and its silence is no lost node). The node's owner watch hears of it, so the limiter's other clients
    /// need not wait as well.
    /// </summary>
    public bool TakesOverAfterTimeout(RateLimiter.Check check)
    {
        if (!owners.Current.HasPeers) return false;
        watch.ActorRef.Tell(new RateLimiter.OwnerTimedOut(check));
        return true;
    }

    /// <summary>This node's decision on <paramref name="check"/>, by its fallback limiter for the client, under its share of the quota.</summary>
    public async Task<RateLimiter.Decision> DecideAsync(RateLimiter.Check check, string routeId, CancellationToken aborted)
    {
        var current = owners.Current;
        var local = check with { Policy = current.FallbackPolicy(check.Policy), Desk = null };
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        var decision = await limiters.ActorRef.Ask<RateLimiter.Decision>(local, RateLimitGate.DecisionTimeout, aborted);
        metrics.RecordDecision(GatewayMetrics.RateLimitFallbackKind, crossNode: false, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
        if (_line.Count(out var decided))
            LogFallingBack(decided, local.Policy.Requests, check.Policy.Requests, current.ServingNodes, check.PolicyId, routeId, current.ShardsOutOfReach, LogInterval.TotalSeconds);
        return decision;
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Rate-limit fallback: {Decided} request(s) decided on this node since the last such line, their limiter's node being out of reach; " +
                  "each client gets {Share} of its {Quota} here ({ServingNodes} serving node(s)); last: policy {Policy}, route {RouteId}; " +
                  "{ShardsOutOfReach} limiter shard(s) known out of reach; at most one line per {IntervalSeconds} s")]
    private partial void LogFallingBack(long decided, int share, int quota, int servingNodes, string policy, string routeId, int shardsOutOfReach, double intervalSeconds);
}
