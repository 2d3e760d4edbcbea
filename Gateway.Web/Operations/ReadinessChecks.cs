using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using ClusterSettings = Gateway.Web.Configuration.ClusterSettings;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.RateLimiting;
using Gateway.Web.Routing;
using Gateway.Web.Status;
using Gateway.Web.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

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

/// <summary>
/// Ready when a validated configuration is in force and the host is not shutting down: a draining
/// gateway says so, so that a load balancer stops sending it new requests.
/// </summary>
public sealed class ConfigurationReadyCheck(RouteTableSource routes, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("shutting down"));
        var count = routes.Current.Routes.Count;
        return Task.FromResult(HealthCheckResult.Healthy($"configuration loaded: {count} route{(count == 1 ? "" : "s")}"));
    }
}

/// <summary>
/// With the cluster on, a node is ready only once it is an Up member: before that (still joining, or
/// unable to reach any seed) the load balancer should not send it traffic. Off, always ready.
/// </summary>
public sealed class ClusterMemberReadyCheck(ActorSystem system, ClusterSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!settings.Enabled) return Task.FromResult(HealthCheckResult.Healthy("cluster off: a node on its own"));
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status == MemberStatus.Up
            ? HealthCheckResult.Healthy($"member {self.Address} is up")
            : HealthCheckResult.Unhealthy($"member {self.Address} is {ClusterStatusLabel.Of(self.Status)}, not up"));
    }
}
