using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>Several upstreams per route: least-in-flight of two random picks, breakers, and the connect retry.</summary>
public sealed class LoadBalancingTests
{
    [Fact]
    public async Task TwoUpstreams_OneDown_EveryRequestSucceedsOnTheLiveOne_AndTheDeadOnesBreakerOpens()
    {
        var dead = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        await using var live = await GatewayWithFlakyUpstream.StartAsync(up => $$"""
            gateway.circuit-breaker { max-failures = 3, reset-timeout = 30s }
            gateway.routes { pair { prefix = "/pair", upstreams = ["{{dead}}", "{{up}}"] } }
            """);
        var opened = live.Watch.NextAsync($"pair|{dead}", BreakerState.Open, TimeSpan.FromSeconds(30));

        // Until the dead upstream has been picked (and failed to connect) three times; each such
        // request is retried on the live one. Bounded: at random, 3 picks in 200 are a certainty.
        var sent = 0;
        while (!opened.IsCompleted && sent < 200)
        {
            using var response = await live.GetAsync("/pair/flaky");
            Assert.Equal(200, (int)response.StatusCode);
            sent++;
        }
        await opened;
        for (var i = 0; i < 10; i++, sent++)
        {
            using var response = await live.GetAsync("/pair/flaky");
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Equal(sent, live.Upstream.Calls);
    }

    [Fact]
    public async Task TwoLiveUpstreams_BothReceiveRequests()
    {
        var (bApp, b) = await FlakyUpstream.StartAsync();
        await using var _b = bApp;
        await using var pair = await PairWithAsync(bApp);
        var a = pair.Upstream;

        for (var i = 0; i < 40; i++) (await pair.GetAsync("/pair/flaky")).EnsureSuccessStatusCode().Dispose();

        Assert.Equal(40, a.Calls + b.Calls);
        Assert.True(a.Calls > 0 && b.Calls > 0, $"a got {a.Calls}, b got {b.Calls}");
    }

    [Fact]
    public async Task AnUpstreamBusyWithARequest_IsPassedOverForTheIdleOne()
    {
        var (bApp, b) = await FlakyUpstream.StartAsync();
        await using var _b = bApp;
        await using var pair = await PairWithAsync(bApp);
        var a = pair.Upstream;

        var held = pair.GetAsync("/pair/hold");
        var busy = await Task.WhenAny(a.HoldStarted.Task, b.HoldStarted.Task).WaitAsync(TimeSpan.FromSeconds(10));
        var (busyOne, idleOne) = busy == a.HoldStarted.Task ? (a, b) : (b, a);
        for (var i = 0; i < 10; i++) (await pair.GetAsync("/pair/flaky")).EnsureSuccessStatusCode().Dispose();
        busyOne.ReleaseHold.SetResult();
        idleOne.ReleaseHold.SetResult();
        using var heldResponse = await held;

        Assert.Equal(1, busyOne.Calls);
        Assert.Equal(10, idleOne.Calls);
        Assert.Equal(200, (int)heldResponse.StatusCode);
    }

    [Fact]
    public async Task AFailedConnect_IsRetriedElsewhereForIdempotentMethods_ButNotForPost()
    {
        var dead = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        // A breaker that never opens here, so each request below really meets the dead upstream.
        await using var system = await GatewayWithFlakyUpstream.StartAsync(up => $$"""
            gateway.circuit-breaker.max-failures = 1000
            gateway.routes { pair { prefix = "/pair", upstreams = ["{{dead}}", "{{up}}"] } }
            """);
        var live = system.Upstream;
        // One request kept in flight on the live upstream makes the idle dead one the pick for every other.
        var held = system.GetAsync("/pair/hold");
        await live.HoldStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var responses = new Dictionary<string, HttpResponseMessage>();
        foreach (var method in new[] { "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH" })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), system.Url("/pair/any"));
            if (method is "PUT" or "POST" or "PATCH") request.Content = new StringContent("body");
            responses[method] = await system.Client.SendAsync(request);
        }
        live.ReleaseHold.SetResult();
        (await held).Dispose();

        foreach (var method in new[] { "GET", "HEAD", "PUT", "DELETE", "OPTIONS" })
            Assert.Equal(200, (int)responses[method].StatusCode);
        await ProblemJson.AssertAsync(responses["POST"], 502);
        await ProblemJson.AssertAsync(responses["PATCH"], 502);
        Assert.Equal(1 + 5, live.Calls);
        foreach (var r in responses.Values) r.Dispose();
    }

    [Fact]
    public async Task EveryUpstreamOpen_Answers503WithRetryAfter()
    {
        var dead1 = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        var dead2 = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.circuit-breaker { max-failures = 2, reset-timeout = 30s }
            gateway.routes { pair { prefix = "/pair", upstreams = ["{{dead1}}", "{{dead2}}"] } }
            """);
        using var watch = BreakerWatch.On(gateway);
        using var client = TestClients.Http();

        // Each request tries both (one retry), so two requests fail twice on each.
        for (var i = 0; i < 2; i++)
        {
            using var unreachable = await client.GetAsync(gateway.Url("/pair/x"));
            await ProblemJson.AssertAsync(unreachable, 502);
        }
        await watch.NextAsync($"pair|{dead1}", BreakerState.Open);
        await watch.NextAsync($"pair|{dead2}", BreakerState.Open);
        using var refused = await client.GetAsync(gateway.Url("/pair/x"));

        var problem = await ProblemJson.AssertAsync(refused, 503);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Contains("Every upstream", problem.GetProperty("detail").GetString());
    }

    /// <summary>A gateway whose route <c>/pair</c> has two live upstreams: its own flaky one (a) and <paramref name="b"/>.</summary>
    private static Task<GatewayWithFlakyUpstream> PairWithAsync(RunningApp b) => GatewayWithFlakyUpstream.StartAsync(a => $$"""
        gateway.routes { pair { prefix = "/pair", upstreams = ["{{a}}", "{{b.Address.GetLeftPart(UriPartial.Authority)}}"] } }
        """);
}
