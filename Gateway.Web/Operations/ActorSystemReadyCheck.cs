using Akka.Actor;
using Akka.Hosting;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.RateLimiting;
using Gateway.Web.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Web.Operations;

/// <summary>
/// Ready when the actor system runs and every top-level actor the request path needs has been
/// created and registered. Reads state only; no message is sent, so a probe costs the actors nothing.
/// </summary>
public sealed class ActorSystemReadyCheck(ActorSystem system, IReadOnlyActorRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (system.WhenTerminated.IsCompleted)
            return Task.FromResult(HealthCheckResult.Unhealthy("the actor system has terminated"));

        var missing = new List<string>();
        Require<RateLimiterRegion>("rate-limiter", missing);
        Require<NodeCacheActor>("cache", missing);
        Require<CacheEntityRegion>("cache-keys", missing);
        Require<BreakerRegion>("circuit-breakers", missing);
        Require<BreakerBoardKeeperActor>("breaker-board-keeper", missing);
        Require<RelaySupervisorActor>("websockets", missing);
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"actor system '{system.Name}' is up with its top-level actors")
            : HealthCheckResult.Unhealthy($"not running: {string.Join(", ", missing)}"));
    }

    private void Require<TKey>(string name, List<string> missing)
    {
        // Top-level actors are restarted, never stopped, by their supervisor while the system runs,
        // so a registered one is there for as long as the system is.
        if (!registry.TryGet<TKey>(out var actor) || actor.IsNobody()) missing.Add(name);
    }
}
