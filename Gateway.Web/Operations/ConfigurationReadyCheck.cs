using Gateway.Web.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Gateway.Web.Operations;

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
