namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary><see cref="GatewayWithUpstream"/> with a <see cref="TestUpstream"/> behind the gateway.</summary>
public class GatewayWithTestUpstream(Func<string, string>? overlay = null, TimeSpan? clientTimeout = null)
    : GatewayWithUpstream(overlay, clientTimeout)
{
    public TestUpstream Upstream { get; private set; } = null!;

    /// <summary>Starts one inside a test, with the overlay made from the upstream's authority; dispose it with <c>await using</c>.</summary>
    public static Task<GatewayWithTestUpstream> StartAsync(Func<string, string> overlay) => StartAsync(new GatewayWithTestUpstream(overlay));

    /// <summary>Starts one inside a test with the route <c>/up</c> to the upstream, plus extra HOCON.</summary>
    public static Task<GatewayWithTestUpstream> StartAsync(string extra = "") => StartAsync(up => UpRoute(up, extra));

    protected override async Task<RunningApp> StartUpstreamAsync()
    {
        (var app, Upstream) = await TestUpstream.StartAsync();
        return app;
    }
}
