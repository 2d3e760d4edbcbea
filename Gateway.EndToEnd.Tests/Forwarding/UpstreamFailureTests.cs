using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task UpstreamDown_Returns502ProblemJson()
    {
        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{TestClients.ClosedPort()}"));
        using var client = TestClients.Http();

        using var response = await client.GetAsync(gateway.Url("/up/anything"));

        await ProblemJson.AssertAsync(response, 502);
    }

    [Fact]
    public async Task UpstreamSlowerThanCallTimeout_Returns504ProblemJson()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync("gateway.circuit-breaker.call-timeout = 300ms");

        using var response = await system.GetAsync("/up/slow/5000");

        await ProblemJson.AssertAsync(response, 504);
    }

    [Fact]
    public async Task RouteCallTimeout_OverridesGlobal()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(up => $$"""
            gateway.circuit-breaker.call-timeout = 300ms
            gateway.routes {
              patient { prefix = "/patient", upstreams = ["{{up}}"], circuit-breaker { call-timeout = 10s } }
              hasty   { prefix = "/hasty",   upstreams = ["{{up}}"] }
            }
            """);

        using var patient = await system.GetAsync("/patient/slow/600");
        using var hasty = await system.GetAsync("/hasty/slow/600");

        Assert.Equal(System.Net.HttpStatusCode.OK, patient.StatusCode);
        await ProblemJson.AssertAsync(hasty, 504);
    }

    [Fact]
    public async Task ClientGoingAway_CancelsTheUpstreamCall()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync();
        using var cancel = new CancellationTokenSource();

        var call = system.Client.GetAsync(system.Url("/up/slow/30000"), cancel.Token);
        await system.Upstream.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await system.Upstream.SlowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task OneDeadRoute_LeavesOtherRoutesServing()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(up => $$"""
            gateway.routes {
              # A breaker that stays closed here: this test is about forwarding (each dead call is a 502);
              # the 503 an open breaker answers instead is tested in CircuitBreaking/.
              dead  { prefix = "/dead",  upstreams = ["http://127.0.0.1:{{TestClients.ClosedPort()}}"], circuit-breaker { max-failures = 100 } }
              alive { prefix = "/alive", upstreams = ["{{up}}"] }
            }
            """);

        var dead = Enumerable.Range(0, 10).Select(_ => system.GetAsync("/dead/x"));
        var alive = Enumerable.Range(0, 10).Select(_ => system.GetAsync("/alive/status/200"));
        var responses = await Task.WhenAll(dead.Concat(alive));

        Assert.Equal(10, responses.Count(r => (int)r.StatusCode == 502));
        Assert.Equal(10, responses.Count(r => (int)r.StatusCode == 200));
        foreach (var r in responses) r.Dispose();
    }
}
