using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>When a breaker opens, what counts as a failure, and what a client gets while it is open.</summary>
public sealed class BreakerOpeningTests
{
    // A long reset timeout: nothing in these tests may reach half-open by itself, however slow the machine.
    private const string Breaker = "gateway.circuit-breaker { max-failures = 3, reset-timeout = 30s, reset-jitter = 0 }";

    [Fact]
    public async Task ThreeConsecutive500s_OpenTheBreaker_ThenFailsFastWithoutCallingTheUpstream()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker, failing: true);

        for (var i = 0; i < 3; i++)
        {
            using var failed = await system.GetAsync("/up/flaky");
            Assert.Equal(500, (int)failed.StatusCode); // the upstream's own answer, passed on
        }
        await system.Watch.NextAsync("up|", BreakerState.Open);

        for (var i = 0; i < 5; i++)
        {
            using var response = await system.GetAsync("/up/flaky");
            var problem = await ProblemJson.AssertAsync(response, 503);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);
            Assert.Contains("'up'", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(3, system.Upstream.Calls);
    }

    [Fact]
    public async Task ClientErrors_DoNotOpenTheBreaker()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker);

        for (var i = 0; i < 10; i++)
        {
            using var notFound = await system.GetAsync("/up/status/404");
            Assert.Equal(404, (int)notFound.StatusCode);
        }
        using var ok = await system.GetAsync("/up/flaky");

        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(11, system.Upstream.Calls);
        Assert.Equal(BreakerState.Closed, Board(system.Gateway).All().Single(s => s.Upstream.StartsWith("up|")).State);
    }

    [Fact]
    public async Task ASuccessBetweenFailures_StartsTheCountAgain()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker, failing: true);

        foreach (var path in new[] { "/up/flaky", "/up/flaky", "/up/status/200", "/up/flaky", "/up/flaky" })
            (await system.GetAsync(path)).Dispose();
        using var stillForwarded = await system.GetAsync("/up/status/201");

        Assert.Equal(201, (int)stillForwarded.StatusCode);
        Assert.Equal(6, system.Upstream.Calls);
    }

    [Fact]
    public async Task Timeouts_Answer504_AndCountAsFailures()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(
            "gateway.circuit-breaker { max-failures = 3, reset-timeout = 30s, call-timeout = 200ms }");

        for (var i = 0; i < 3; i++)
        {
            using var timedOut = await system.GetAsync("/up/slow/5000");
            await ProblemJson.AssertAsync(timedOut, 504);
        }
        var opened = await system.Watch.NextAsync("up|", BreakerState.Open);
        using var refused = await system.GetAsync("/up/slow/1");

        await ProblemJson.AssertAsync(refused, 503);
        Assert.Equal(3, system.Upstream.Calls);
        Assert.Contains("Timeout", opened.Cause);
    }

    [Fact]
    public async Task ConnectFailures_Answer502_ThenTheOpenBreakerAnswers503()
    {
        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{TestClients.ClosedPort()}"), Breaker);
        using var watch = BreakerWatch.On(gateway);
        using var client = TestClients.Http();

        for (var i = 0; i < 3; i++)
        {
            using var unreachable = await client.GetAsync(gateway.Url("/up/x"));
            await ProblemJson.AssertAsync(unreachable, 502);
        }
        await watch.NextAsync("up|", BreakerState.Open);
        using var refused = await client.GetAsync(gateway.Url("/up/x"));

        await ProblemJson.AssertAsync(refused, 503);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task OneRoutesFailures_LeaveAnotherRouteToTheSameUpstreamAlone()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(up => $$"""
            {{Breaker}}
            gateway.routes {
              broken { prefix = "/broken", upstreams = ["{{up}}"] }
              fine   { prefix = "/fine",   upstreams = ["{{up}}"] }
            }
            """, failing: true);

        for (var i = 0; i < 3; i++) (await system.GetAsync("/broken/flaky")).Dispose();
        await system.Watch.NextAsync("broken|", BreakerState.Open);
        using var refused = await system.GetAsync("/broken/status/200");
        using var served = await system.GetAsync("/fine/status/200");

        await ProblemJson.AssertAsync(refused, 503);
        Assert.Equal(200, (int)served.StatusCode);
        Assert.Equal(4, system.Upstream.Calls);
    }

    [Fact]
    public async Task RouteOverride_OpensAfterTheRoutesOwnMaxFailures()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(up => $$"""
            {{Breaker}}
            gateway.routes {
              touchy { prefix = "/touchy", upstreams = ["{{up}}"], circuit-breaker { max-failures = 1 } }
              calm   { prefix = "/calm",   upstreams = ["{{up}}"] }
            }
            """, failing: true);

        (await system.GetAsync("/touchy/flaky")).Dispose();
        await system.Watch.NextAsync("touchy|", BreakerState.Open);
        using var touchy = await system.GetAsync("/touchy/flaky");
        for (var i = 0; i < 2; i++) (await system.GetAsync("/calm/flaky")).Dispose();
        using var calm = await system.GetAsync("/calm/flaky");

        await ProblemJson.AssertAsync(touchy, 503);
        Assert.Equal(500, (int)calm.StatusCode); // the third failure of the global max of 3: still forwarded
        Assert.Equal(4, system.Upstream.Calls);
    }

    [Fact]
    public async Task EveryRouteAndUpstream_HasItsBreakerFromStartUp()
    {
        var a = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        var b = $"http://127.0.0.1:{TestClients.ClosedPort()}/base/";
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.routes {
              one { prefix = "/one", upstreams = ["{{a}}", "{{b}}"] }
              two { prefix = "/two", upstreams = ["{{a}}"] }
            }
            """);

        var keys = Board(gateway).All().Select(s => s.Upstream).ToList();

        Assert.Contains($"one|{a}", keys);
        Assert.Contains($"one|{b.TrimEnd('/')}", keys);
        Assert.Contains($"two|{a}", keys);
    }

    private static BreakerBoard Board(RunningApp gateway) => gateway.App.Services.GetRequiredService<BreakerBoard>();
}
