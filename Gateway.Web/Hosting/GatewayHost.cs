using Akka.Hosting;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.Configuration;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Endpoints;
using Gateway.Web.Forwarding;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Web.Hosting;

public static class GatewayHost
{
    public const string DefaultUrl = "http://localhost:8000";

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
    public static WebApplication Build(string[] args)
    {
        var hocon = GatewayConfigFiles.Load(GatewayConfigFiles.OverlayPath(args));
        var settings = GatewaySettings.Create(hocon);

        var builder = WebApplication.CreateBuilder(GatewayConfigFiles.WithoutConfigArgument(args));
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The upstream decides how large a body may be; the gateway streams whatever comes.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new RouteTableSource(new RouteTable(settings.Routes)));
        builder.Services.AddSingleton(_ => UpstreamHandler.CreateInvoker());
        builder.Services.AddSingleton<HttpForwarder>();
        builder.Services.AddSingleton<UpstreamDispatcher>();
        builder.Services.AddSingleton<ProxyEndpoint>();
        builder.Services.AddGatewayCaching();
        var breakerBoard = new BreakerBoard();
        builder.Services.AddSingleton(breakerBoard);
        builder.Services.AddAkka("gateway", (akka, _) =>
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
            akka.WithGatewayActors(settings, breakerBoard);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
        });

        var app = builder.Build();
        app.UseGatewayForwardedHeaders(settings);
        app.Map("/{**path}", (HttpContext context, ProxyEndpoint endpoint) => endpoint.HandleAsync(context));
        return app;
    }
}
