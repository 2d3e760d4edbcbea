using Gateway.Actors.Configuration;
using Gateway.Web.Configuration;
using Gateway.Web.Connections;
using Gateway.Web.Forwarding;
using Gateway.Web.Logging;
using Gateway.Web.Observability;
using Gateway.Web.Operations;
using Gateway.Web.Pipeline;
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
        builder.AddGateway(settings, hocon, overlayPath);

        var app = builder.Build();
        app.UseClientConnectionHeader();
        app.UseGatewayForwardedHeaders(settings);
        if (settings.Logging.Requests) app.UseMiddleware<RequestLoggingMiddleware>();
        // Only for IsWebSocketRequest and the requested subprotocols: the proxy answers handshakes itself
        // and relays frames (WebSocketProxy), so the middleware's own WebSocket and keep-alive go unused.
        app.UseWebSockets();
        // The proxy span and request metrics, around each proxied request.
        app.UseMiddleware<RequestTelemetryMiddleware>();
        app.MapGatewayOperations(settings.Operations);
        // A plain RequestDelegate on the singleton: no parameter binding and no service lookup per request.
        // Routed like the operations endpoints, so theirs (more specific) keep winning over the catch-all.
        var proxy = app.Services.GetRequiredService<RequestPipeline>();
        app.Map("/{**path}", proxy.HandleAsync);
        return app;
    }
}
