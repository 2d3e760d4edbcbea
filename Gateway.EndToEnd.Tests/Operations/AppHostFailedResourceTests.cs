using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// A resource that fails under the app host is told in the app host's own console, with its error
/// line, not only in the dashboard. Skipped, with the reason, where the app host's ports are taken.
/// </summary>
[Collection(AppHostRuns.Name)]
public sealed class AppHostFailedResourceTests : IDisposable
{
    private static readonly int[] AppPorts = [8000, 8001, 8002];
    private readonly string _overlay = Path.Combine(Path.GetTempPath(), $"gateway-broken-{Guid.NewGuid():N}.hocon");

    [SkippableFact]
    public async Task GatewayWithABrokenOverlay_AppHostConsole_NamesTheGateway_AndItsConfigurationError()
    {
        var reason = AppHostRun.SkipReason([.. AppPorts, .. AppHostRun.DashboardPorts]);
        Skip.If(reason is not null, reason);
        await File.WriteAllTextAsync(_overlay, """gateway.routes.x { prefix = "/x", upstreams = ["ftp://h"] }""");

        await using var appHost = AppHostRun.Start(new Dictionary<string, string> { ["GATEWAY_CONFIG"] = _overlay });

        // The gateway's own line, as it wrote it to stderr, in a line of the app host's that names it.
        var line = await appHost.LineAsync(l => l.Contains("configuration error", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        Assert.Contains("gateway stopped (Finished, exit code 2): gateway: configuration error: gateway.routes.x.upstreams[0]: 'ftp://h' is not an absolute http(s) URL", line);
        Assert.False(appHost.Process.HasExited, "the app host keeps running (its dashboard has the whole log)");

        await appHost.StopAsync(AppPorts);
    }

    public void Dispose() => File.Delete(_overlay);
}
