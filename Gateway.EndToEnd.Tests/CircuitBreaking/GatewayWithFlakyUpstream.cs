using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>
/// A <see cref="FlakyUpstream"/> behind the real gateway, with a <see cref="BreakerWatch"/> on the
/// gateway's breaker transitions. Started inside a test (each wants its own breaker settings) and
/// disposed with <c>await using</c>.
/// </summary>
public sealed class GatewayWithFlakyUpstream(Func<string, string> overlay, bool failing) : GatewayWithUpstream(overlay)
{
    public FlakyUpstream Upstream { get; private set; } = null!;
    public BreakerWatch Watch { get; private set; } = null!;

    /// <summary>With the overlay made from the upstream's authority.</summary>
    public static Task<GatewayWithFlakyUpstream> StartAsync(Func<string, string> overlay, bool failing = false) =>
        StartAsync(new GatewayWithFlakyUpstream(overlay, failing));

    /// <summary>With the route <c>/up</c> to the upstream, plus extra HOCON (the breaker settings).</summary>
    public static Task<GatewayWithFlakyUpstream> StartAsync(string extra, bool failing = false) =>
        StartAsync(up => UpRoute(up, extra), failing);

    protected override async Task<RunningApp> StartUpstreamAsync()
    {
        (var app, Upstream) = await FlakyUpstream.StartAsync(failing);
        return app;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Watch = BreakerWatch.On(Gateway);
    }

    public override async Task DisposeAsync()
    {
        Watch?.Dispose();
        await base.DisposeAsync();
    }
}
