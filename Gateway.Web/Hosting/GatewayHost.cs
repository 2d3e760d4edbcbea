using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.Configuration;
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
using Gateway.Web.Pipeline;
using Gateway.Web.RateLimiting;
using Gateway.Web.Reload;
using Gateway.Web.Routing;
using Gateway.Web.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Hosting;

public static class GatewayHost
{
    public const string DefaultUrl = "http://localhost:8000";

    /// <summary>
    /// The gateway's configuration is HOCON, reloaded by <see cref="ConfigReloader"/>; ASP.NET's own watch of
    /// the content root for appsettings changes would only wake on every write to any file below the working
    /// directory (a log file, say), which cost about a tenth of the CPU under load (docs/benchmarks.md).
    /// </summary>
    private const string NoConfigFileWatching = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>Runs the gateway; a broken configuration prints one line and returns a non-zero exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? errors = null)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (ConfigException e)
        {
            (errors ?? Console.Error).WriteLine($"gateway: configuration error: {e.Message}");
            return 2;
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary>Loads and validates the HOCON, then builds the host. Throws <see cref="ConfigException"/> before anything starts.</summary>
    /// <param name="configure">A last word on the builder before it is built; tests use it to capture logs.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var overlayPath = GatewayConfigFiles.OverlayPath(args);
        var hocon = GatewayConfigFiles.Load(overlayPath);
        var settings = GatewaySettings.Create(hocon);

        var builder = WebApplication.CreateBuilder([.. GatewayConfigFiles.WithoutConfigArgument(args), NoConfigFileWatching]);
        // ASP.NET would otherwise trust X-Forwarded-For from anyone when ASPNETCORE_FORWARDEDHEADERS_ENABLED
        // is set (Aspire sets it for every project); gateway.forwarded-headers alone decides whom to believe.
        builder.Configuration["ForwardedHeaders_Enabled"] = "false";
        ConsoleLogging.Configure(builder.Logging, settings.Logging);
        RequestActivities.SkipWhenUnneeded(builder);
        configure?.Invoke(builder);
        // A service that cannot be built fails start-up, not the first request that needs it.
        builder.Host.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The upstream decides how large a body may be; the gateway streams whatever comes.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            ClientConnectionHeader.CaptureIn(kestrel);
            ClientResponseFields.WriteAsLatin1(kestrel);
            // Every endpoint's connection middleware, in one callback: Kestrel keeps only the last one given.
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                // First, so a refused connection reaches nothing else.
                var gate = listen.ApplicationServices.GetRequiredService<ConnectionGate>();
                listen.Use(next => connection => gate.OnConnectionAsync(connection, next));
                ClientConnectionHeader.NoteOn(listen);
            });
        });
        builder.Services.AddSingleton(services =>
        {
            var descriptors = DescriptorLimit.Read();
            return new ConnectionGate(settings.Limits.Resolve(descriptors), descriptors,
                services.GetRequiredService<ILogger<ConnectionGate>>(), TimeProvider.System);
        });

        builder.Services.AddGatewayProblemDetails();
        builder.Services.AddSingleton(new RouteTableSource(settings));
        builder.Services.AddSingleton(new ConfigOrigin(overlayPath));
        builder.Services.AddHostedService<ConfigReloader>();
        builder.Services.AddHostedService<IdleMemoryTrim>();
        builder.Services.AddSingleton(_ => UpstreamHandler.CreateInvoker());
        builder.Services.AddSingleton<HttpForwarder>();
        builder.Services.AddSingleton<UpstreamDispatcher>();
        builder.Services.AddSingleton<RateLimitFallback>();
        builder.Services.AddSingleton<RateLimitGate>();
        builder.Services.AddSingleton<RequestPipeline>();
        builder.Services.AddGatewayWebSockets();
        builder.Services.AddGatewayCaching();
        // The boards the actors publish on and the request path reads: made here, so both sides get the same one.
        var breakerBoard = new BreakerBoard();
        builder.Services.AddSingleton(breakerBoard);
        var cacheBoard = new CacheBoard();
        builder.Services.AddSingleton(cacheBoard);
        var cacheDirectory = new CacheDirectory();
        builder.Services.AddSingleton(cacheDirectory);
        var rateLimitBoard = new RateLimitBoard();
        builder.Services.AddSingleton(rateLimitBoard);
        var limiterOwnerBoard = new LimiterOwnerBoard();
        builder.Services.AddSingleton(limiterOwnerBoard);
        builder.Services.AddSingleton(settings.Cluster);
        builder.Services.AddAkka(ClusterSettings.SystemName, (akka, _) =>
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
            // No 10 ms tick: the scheduler sleeps until its next timer, so an idle gateway stays asleep.
            akka.AddHocon(DeadlineScheduler.Hocon, HoconAddMode.Prepend);
            akka.AddHocon(LimiterMailbox.Hocon, HoconAddMode.Prepend);
            akka.WithGatewayCluster(settings.Cluster,
                settings.Routes.Select(route => route.Cache.MaxEntryBytes).Append(settings.Defaults.Cache.MaxEntryBytes).Max());
            akka.WithGatewayActors(settings, breakerBoard, cacheBoard, cacheDirectory, rateLimitBoard, limiterOwnerBoard);
            akka.WithOperationsActors();
            akka.WithGracefulShutdown();
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
        builder.Services.AddHostedService<ClusterStartup>();
        builder.Services.AddUpstreamBalancing();
        builder.AddGatewayOperations(settings);

        var app = builder.Build();
        app.UseClientConnectionHeader();
        app.UseGatewayForwardedHeaders(settings);
        if (settings.Logging.Requests) app.UseMiddleware<RequestLoggingMiddleware>();
        // Only for IsWebSocketRequest and the requested subprotocols: the proxy answers handshakes itself
        // and relays frames (WebSocketProxy), so the middleware's own WebSocket and keep-alive go unused.
        app.UseWebSockets();
        app.UseGatewayTelemetry();
        app.MapGatewayOperations(settings.Operations);
        // A plain RequestDelegate on the singleton: no parameter binding and no service lookup per request.
        // Routed like the operations endpoints, so theirs (more specific) keep winning over the catch-all.
        var proxy = app.Services.GetRequiredService<RequestPipeline>();
        app.Map("/{**path}", proxy.HandleAsync);
        return app;
    }
}
