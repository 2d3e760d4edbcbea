using Akka.Actor;
using Akka.Cluster;
using ClusterSettings = Gateway.Web.Configuration.ClusterSettings;
using Gateway.Web.Configuration;
using Gateway.Web.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Web.Operations;

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
