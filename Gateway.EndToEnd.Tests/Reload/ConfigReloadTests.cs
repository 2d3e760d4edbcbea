using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Hosting;

namespace Gateway.EndToEnd.Tests.Reload;

/// <summary>Edits of the overlay file while the gateway runs: valid ones apply within seconds, invalid ones change nothing.</summary>
public sealed class ConfigReloadTests : IAsyncLifetime
{
    private RunningApp _upstreamApp = null!;
    private TestUpstream _upstream = null!;
    private RunningApp _gateway = null!;
    private string _overlay = null!;
    private string _up = null!;
    private readonly CapturedLogs _logs = new();
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync()
    {
        (_upstreamApp, _upstream) = await TestUpstream.StartAsync();
        _up = _upstreamApp.Address.GetLeftPart(UriPartial.Authority);
        _overlay = TestGateway.WriteOverlay(Overlay("""old { prefix = "/old", upstreams = ["UP"] }"""));
        var app = GatewayHost.Build(["--urls", RunningApp.LoopbackUrls, "--config", _overlay], builder => _logs.AttachTo(builder));
        _gateway = await RunningApp.StartAsync(app);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstreamApp.DisposeAsync();
    }

    private string Overlay(string routes, string extra = "") =>
        TestGateway.QuietPolicies + "\ngateway.reload.interval = 100ms\n" + extra + "\ngateway.routes {\n" + routes.Replace("UP", _up) + "\n}\n";

    private async Task<int> StatusAsync(string path)
    {
        using var response = await _client.GetAsync(_gateway.Url(path));
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

        await File.WriteAllTextAsync(_overlay, Overlay("""new { prefix = "/new", upstreams = ["UP"] }"""));

        await EventuallyAsync(async () => await StatusAsync("/new/status/200") == 200);
        Assert.Equal(404, await StatusAsync("/old/status/200"));
        Assert.Contains(_logs.Lines, l => l.Contains("Configuration reloaded"));
    }

    [Fact]
    public async Task ValidEdit_AppliesNewKeys()
    {
        await File.WriteAllTextAsync(_overlay, Overlay("""old { prefix = "/old", upstreams = ["UP"] }""",
            """gateway.auth { enabled = on, api-keys = [{ name = "k", key = "fresh-key" }] }"""));

        await EventuallyAsync(async () => await StatusAsync("/old/status/200") == 401);
        using var request = new HttpRequestMessage(HttpMethod.Get, _gateway.Url("/old/status/200"));
        request.Headers.Add("X-API-Key", "fresh-key");
        using var admitted = await _client.SendAsync(request);
        Assert.Equal(200, (int)admitted.StatusCode);
    }

    [Fact]
    public async Task InvalidEdit_IsRejectedWithTheKey_AndTheOldConfigKeepsServing()
    {
        await File.WriteAllTextAsync(_overlay, Overlay("""old { prefix = "/old", upstreams = ["ftp://nope"] }"""));

        await EventuallyAsync(() => Task.FromResult(_logs.Lines.Any(l => l.Contains("rejected"))));
        var rejection = _logs.Lines.First(l => l.Contains("rejected"));
        Assert.Contains("gateway.routes.old.upstreams[0]", rejection);
        Assert.Equal(200, await StatusAsync("/old/status/200"));
    }

    [Fact]
    public async Task InFlightRequest_FinishesAcrossAReload()
    {
        var slow = _client.GetAsync(_gateway.Url("/old/slow/1500"));
        await _upstream.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await File.WriteAllTextAsync(_overlay, Overlay("""new { prefix = "/new", upstreams = ["UP"] }"""));
        await EventuallyAsync(async () => await StatusAsync("/new/status/200") == 200);

        using var response = await slow;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("slow", await response.Content.ReadAsStringAsync());
    }
}
