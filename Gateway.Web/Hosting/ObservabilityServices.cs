using Akka.Hosting;
using Gateway.Web.Configuration;
using Gateway.Web.Observability;
using Gateway.Web.Operations;
using Gateway.Web.Routing;
using Gateway.Web.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Web.Hosting;

/// <summary>Wires metrics, traces, health, the status page and graceful shutdown into the gateway host.</summary>
public static class ObservabilityServices
{
    /// <summary>Services: instruments, in-process tallies, the stats poller, health checks, OpenTelemetry, shutdown.</summary>
    public static void AddGatewayOperations(this WebApplicationBuilder builder, GatewaySettings settings)
    {
        var operations = settings.Operations;
        var services = builder.Services;
        services.AddSingleton(operations);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ActorStatsBoard>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<InFlightRequests>();
        services.AddSingleton<RecentTransitions>();
        services.AddSingleton(provider =>
        {
            var traffic = new RouteTraffic();
            provider.GetRequiredService<RouteTableSource>().Replaced += reloaded => traffic.Retain(reloaded.Routes.Select(r => r.Id).ToHashSet());
            return traffic;
        });
        // Four times what the page shows, so the ranking near the cut-off is still exact in practice.
        services.AddSingleton(provider => new DeniedClients(Math.Max(32, operations.Status.BusiestClients * 4), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RequestTelemetry>();
        services.AddSingleton<StartTime>();
        services.AddHostedService(provider => provider.GetRequiredService<StartTime>());
        services.AddSingleton<StatusReportBuilder>();
        services.AddHostedService<ActorStatsPoller>();
        services.AddGatewayHealthChecks();
        services.AddGracefulShutdown(operations.Shutdown);
        builder.AddGatewayOpenTelemetry(operations);
    }

    /// <summary>The actor that turns breaker transitions on the EventStream into metrics.</summary>
    public static AkkaConfigurationBuilder WithOperationsActors(this AkkaConfigurationBuilder akka) =>
        akka.WithActors((system, _, resolver) => system.ActorOf(
            BreakerTransitionListener.Props(resolver.GetService<GatewayMetrics>(), resolver.GetService<RecentTransitions>()),
            "breaker-transition-listener"));

    /// <summary>The proxy span and request metrics, around each proxied request.</summary>
    public static IApplicationBuilder UseGatewayTelemetry(this IApplicationBuilder app) => app.UseMiddleware<RequestTelemetryMiddleware>();

    /// <summary>
    /// The gateway's own endpoints. Literal paths outrank the proxy's <c>/{**path}</c> catch-all, and
    /// everything else at or below a reserved path (a feature switched off, an unknown sub-path, a
    /// method the endpoint does not take) answers 404 here, so it never reaches an upstream.
    /// </summary>
    public static void MapGatewayOperations(this IEndpointRouteBuilder endpoints, OperationsSettings operations)
    {
        endpoints.MapGatewayHealth();

        if (operations.Observability.MetricsEndpoint is { } metrics)
            endpoints.MapPrometheusScrapingEndpoint(metrics).WithMetadata(GatewayOwnedEndpoint.Instance);

        if (operations.Status.Enabled) endpoints.MapGatewayStatus(operations.Status);

        // "/x/{**rest}" also matches "/x" itself, below any literal "/x" endpoint mapped above and
        // above the catch-all (route precedence, not registration order, decides).
        foreach (var reserved in operations.ReservedPaths)
            endpoints.Map(reserved + "/{**rest}", NotServedAsync).WithMetadata(GatewayOwnedEndpoint.Instance);
    }

    private static Task NotServedAsync(HttpContext context) =>
        Http.Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found",
            $"'{context.Request.Path}' belongs to the gateway itself and is not served here; it is never forwarded to a route.");
}
