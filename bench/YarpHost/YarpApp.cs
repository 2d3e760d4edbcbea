using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace YarpHost;

/// <summary>
/// The yardstick: YARP with the same routes as the gateway's benchmark overlay and no policies.
/// Kestrel is set up as the gateway sets it up (no body size limit, no Server header) and the GC
/// mode comes from the same Directory.Build.props, so the two differ only in what they do per request.
/// </summary>
public static class YarpApp
{
    /// <summary>The route prefixes the harness uses on every proxy; each strips its prefix like the gateway's routes do.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["/plain", "/cached"];

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var upstream = builder.Configuration["upstream"];
        if (!Uri.TryCreate(upstream, UriKind.Absolute, out var upstreamUri))
        {
            Console.Error.WriteLine("yarp-host: --upstream http://127.0.0.1:PORT is required");
            return 2;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddReverseProxy().LoadFromMemory(Routes(), [Cluster(upstreamUri)]);

        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }

    private static IReadOnlyList<RouteConfig> Routes() => Prefixes.Select(prefix => new RouteConfig
    {
        RouteId = prefix.TrimStart('/'),
        ClusterId = "bench",
        Match = new RouteMatch { Path = prefix + "/{**rest}" },
        Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = prefix }],
    }).ToList();

    private static ClusterConfig Cluster(Uri upstream) => new()
    {
        ClusterId = "bench",
        Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream.ToString() } },
    };
}
