using Akka.Configuration;
using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.Scheduling;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Connections;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Logging;
using Gateway.Web.Observability;
using Gateway.Web.Operations;
using Gateway.Web.Pipeline;
using Gateway.Web.RateLimiting;
using Gateway.Web.Reload;
using Gateway.Web.Routing;
using Gateway.Web.Status;
using Gateway.Web.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Hosting;

/// <summary>The gateway's one DI entry point: every service, board, hosted service and actor it runs.</summary>
public static class GatewayServices
{
    /// <summary>
    /// Registers the whole gateway for <paramref name="settings"/>, loaded from <paramref name="hocon"/>
    /// (<paramref name="overlayPath"/>, when given, is the file a reload reads again). The order is the
    /// hosted services' start order, and some steps need an earlier one started (see the comments).
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, GatewaySettings settings, Config hocon, string? overlayPath)
    {
        var services = builder.Services;
        services.AddSingleton(provider =>
        {
            var descriptors = DescriptorLimit.Read();
            return new ConnectionGate(settings.Limits.Resolve(descriptors), descriptors,
                provider.GetRequiredService<ILogger<ConnectionGate>>(), TimeProvider.System);
        });

        // The framework's problem writer sets traceId itself, to the activity's full id or, with no activity
        // (no OTLP export), to Kestrel's connection-based request id; this puts the request's W3C trace id
        // back, the one its log line carries, after the framework has had its say.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
            problem.ProblemDetails.Extensions["traceId"] = RequestTraceId.Of(problem.HttpContext));
        services.AddSingleton(new RouteTableSource(settings));
        services.AddSingleton(new ConfigOrigin(overlayPath));
        services.AddHostedService<ConfigReloader>();
        services.AddHostedService<IdleMemoryTrim>();

        // The request path (Pipeline/RequestPipeline.cs) and its stages.
        services.AddSingleton(_ => UpstreamHandler.CreateInvoker());
        services.AddSingleton<HttpForwarder>();
        services.AddSingleton<UpstreamDispatcher>();
        services.AddSingleton<RateLimitFallback>();
        services.AddSingleton<RateLimitGate>();
        services.AddSingleton<RequestPipeline>();
        // The WebSocket proxy, its upstream dialer, and the 1001 close of every relay on shutdown.
        services.AddSingleton<UpstreamWebSocketDialer>();
        services.AddSingleton<WebSocketProxy>();
        services.AddHostedService<WebSocketShutdown>();
        services.AddSingleton<RouteCaches>();
        services.AddSingleton<CacheGate>();
        services.AddSingleton(new SilentCacheShards(TimeProvider.System));

        // The boards the actors publish on and the request path reads: made here, so both sides get the same one.
        var breakerBoard = new BreakerBoard();
        services.AddSingleton(breakerBoard);
        var cacheBoard = new CacheBoard();
        services.AddSingleton(cacheBoard);
        var cacheDirectory = new CacheDirectory();
        services.AddSingleton(cacheDirectory);
        var rateLimitBoard = new RateLimitBoard();
        services.AddSingleton(rateLimitBoard);
        var limiterOwnerBoard = new LimiterOwnerBoard();
        services.AddSingleton(limiterOwnerBoard);
        services.AddSingleton(settings.Cluster);
        services.AddAkka(ClusterSettings.SystemName, (akka, _) =>
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
            // No 10 ms tick: the scheduler sleeps until its next timer, so an idle gateway stays asleep.
            akka.AddHocon(DeadlineScheduler.Hocon, HoconAddMode.Prepend);
            akka.AddHocon(LimiterMailbox.Hocon, HoconAddMode.Prepend);
            akka.WithGatewayCluster(settings.Cluster,
                settings.Routes.Select(route => route.Cache.MaxEntryBytes).Append(settings.Defaults.Cache.MaxEntryBytes).Max());
            akka.WithGatewayActors(settings, breakerBoard, cacheBoard, cacheDirectory, rateLimitBoard, limiterOwnerBoard);
            akka.WithOperationsActors();
            akka.AddHocon(GracefulShutdown.NoClrExitHook, HoconAddMode.Prepend);
            // Akka writes straight to stdout when no logger runs (remoting's last lines at the end of
            // shutdown); stdout carries JSON lines only, so that logger writes them too.
            akka.AddHocon(AkkaStdoutJsonLogger.ConfigValue, HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
        });
        // After AddAkka: these start-up steps need the actor system's hosted service to have started.
        services.AddHostedService<ClusterStartup>();
        // Upstream pools, the breaker gate, and the start-up step that creates every route's breakers.
        services.AddSingleton<UpstreamPools>();
        services.AddSingleton<BreakerGate>();
        services.AddHostedService<BreakerStartup>();

        AddOperations(builder, settings.Operations);
        return builder;
    }

    /// <summary>Instruments, in-process tallies, the stats poller, health checks, OpenTelemetry, shutdown.</summary>
    private static void AddOperations(WebApplicationBuilder builder, OperationsSettings operations)
    {
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
        services.AddHealthChecks()
            .AddCheck<ActorSystemReadyCheck>("actor-system", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ConfigurationReadyCheck>("configuration", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ClusterMemberReadyCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        services.AddSingleton(operations.Shutdown);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = operations.Shutdown.GracePeriod);
        services.AddHostedService<GracefulShutdown>();
        builder.AddGatewayOpenTelemetry(operations);
    }
}
