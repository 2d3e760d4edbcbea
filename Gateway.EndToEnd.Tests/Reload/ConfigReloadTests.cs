using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Hosting;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Reload;

/// <summary>Edits of the overlay file while the gateway runs: valid ones apply within seconds, invalid ones change nothing.</summary>
public sealed class ConfigReloadTests : GatewayWithTestUpstream
{
    private string _overlay = null!;
    private readonly CapturedLogs _logs = new();

    protected override string Overlay(string upstream) => RoutesOverlay("""old { prefix = "/old", upstreams = ["UP"] }""");

    /// <summary>The overlay is a file the tests edit under the running gateway; its logs say what became of each edit.</summary>
    protected override Task<RunningApp> StartGatewayAsync(string overlayHocon)
    {
        _overlay = OverlayFiles.Write(overlayHocon);
        return RunningApp.StartAsync(GatewayHost.Build(["--urls", RunningApp.LoopbackUrls, "--config", _overlay], builder => _logs.AttachTo(builder)));
    }

    private string RoutesOverlay(string routes, string extra = "") =>
        TestGateway.QuietPolicies + "\ngateway.reload.interval = 100ms\n" + extra + "\ngateway.routes {\n" + routes.Replace("UP", UpstreamAuthority) + "\n}\n";

    private async Task<int> StatusAsync(string path)
    {
        using var response = await GetAsync(path);
        return (int)response.StatusCode;
    }

    /// <summary>Bounded wait for the gateway to show a new behaviour; reload is asynchronous by nature.</summary>
    private async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the edit was not applied within 15 s");
            await tick.WaitForNextTickAsync();
        }
    }

    [Fact]
    public async Task ValidEdit_AppliesNewRoutes_WithoutRestart()
    {
        Assert.Equal(200, await StatusAsync("/old/status/200"));
        Assert.Equal(404, await StatusAsync("/new/status/200"));

        await File.WriteAllTextAsync(_overlay, RoutesOverlay("""new { prefix = "/new", upstreams = ["UP"] }"""));

        await EventuallyAsync(async () => await StatusAsync("/new/status/200") == 200);
        Assert.Equal(404, await StatusAsync("/old/status/200"));
        Assert.Contains(_logs.Lines, l => l.Contains("Configuration reloaded"));
    }

    [Fact]
    public async Task ValidEdit_AppliesNewKeys()
    {
        await File.WriteAllTextAsync(_overlay, RoutesOverlay("""old { prefix = "/old", upstreams = ["UP"] }""",
            """gateway.auth { enabled = on, api-keys = [{ name = "k", key = "fresh-key" }] }"""));

        await EventuallyAsync(async () => await StatusAsync("/old/status/200") == 401);
        using var admitted = await GetAsync("/old/status/200", ("X-API-Key", "fresh-key"));
        Assert.Equal(200, (int)admitted.StatusCode);
    }

    [Fact]
    public async Task ARevokedKey_IsRefused_EvenOnTheConnectionThatUsedIt()
    {
        string Keys(string name, string key) => RoutesOverlay("""old { prefix = "/old", upstreams = ["UP"] }""",
            $$"""gateway.auth { enabled = on, api-keys = [{ name = "{{name}}", key = "{{key}}" }] }""");
        await File.WriteAllTextAsync(_overlay, Keys("k", "soon-revoked"));
        await EventuallyAsync(async () => await StatusAsync("/old/status/200") == 401);
        // One connection throughout: the gateway remembers the key it verified on a keep-alive connection.
        using var oneConnection = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 });
        async Task<int> WithKeyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/old/status/200"));
            request.Headers.Add("X-API-Key", "soon-revoked");
            using var response = await oneConnection.SendAsync(request);
            return (int)response.StatusCode;
        }
        Assert.Equal(200, await WithKeyAsync());

        await File.WriteAllTextAsync(_overlay, Keys("other", "the-new-key"));

        await EventuallyAsync(async () => await WithKeyAsync() == 401);
    }

    [Fact]
    public async Task InvalidEdit_IsRejectedWithTheKey_AndTheOldConfigKeepsServing()
    {
        await File.WriteAllTextAsync(_overlay, RoutesOverlay("""old { prefix = "/old", upstreams = ["ftp://nope"] }"""));

        await EventuallyAsync(() => Task.FromResult(_logs.Lines.Any(l => l.Contains("rejected"))));
        var rejection = _logs.Lines.First(l => l.Contains("rejected"));
        Assert.Contains("gateway.routes.old.upstreams[0]", rejection);
        Assert.Equal(200, await StatusAsync("/old/status/200"));
    }

    [Fact]
    public async Task InFlightRequest_FinishesAcrossAReload()
    {
        var slow = GetAsync("/old/slow/1500");
        await Upstream.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await File.WriteAllTextAsync(_overlay, RoutesOverlay("""new { prefix = "/new", upstreams = ["UP"] }"""));
        await EventuallyAsync(async () => await StatusAsync("/new/status/200") == 200);

        using var response = await slow;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("slow", await response.Content.ReadAsStringAsync());
    }
}
