using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>After the reset timeout: one probe, and the breaker closes or opens again with a longer timeout.</summary>
public sealed class BreakerRecoveryTests
{
    // Short enough to wait for in real time; the tests wait on the breaker's transition events, not on clocks.
    private const string Breaker =
        "gateway.circuit-breaker { max-failures = 3, reset-timeout = 400ms, max-reset-timeout = 10s, reset-jitter = 0, call-timeout = 10s }";

    [Fact]
    public async Task AfterTheResetTimeout_AProbeGoesThrough_AndItsSuccessClosesTheBreaker()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker, failing: true);
        await OpenUntilHalfOpenAsync(system);
        system.Upstream.Failing = false;

        using var probe = await system.GetAsync("/up/flaky");
        var closed = await system.Watch.NextAsync("up|", BreakerState.Closed);
        var after = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => system.GetAsync("/up/flaky")));

        Assert.Equal(200, (int)probe.StatusCode);
        Assert.Equal("probe succeeded", closed.Cause);
        Assert.All(after, r => Assert.Equal(200, (int)r.StatusCode));
        Assert.Equal(3 + 1 + 5, system.Upstream.Calls);
        foreach (var r in after) r.Dispose();
    }

    [Fact]
    public async Task WhileTheProbeIsOut_EveryOtherRequestFailsFastWithoutCallingTheUpstream()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker, failing: true);
        await OpenUntilHalfOpenAsync(system);
        system.Upstream.Failing = false;

        var probe = system.GetAsync("/up/hold");
        await system.Upstream.HoldStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var others = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => system.GetAsync("/up/flaky")));
        var callsWhileProbing = system.Upstream.Calls;
        system.Upstream.ReleaseHold.SetResult();
        using var probeResponse = await probe;

        foreach (var other in others)
        {
            await ProblemJson.AssertAsync(other, 503);
            Assert.Equal(TimeSpan.FromSeconds(1), other.Headers.RetryAfter?.Delta);
            other.Dispose();
        }
        Assert.Equal(3 + 1, callsWhileProbing);
        Assert.Equal(200, (int)probeResponse.StatusCode);
        await system.Watch.NextAsync("up|", BreakerState.Closed);
    }

    [Fact]
    public async Task AFailedProbe_OpensTheBreakerAgain_ForTwiceAsLong()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync(Breaker, failing: true);
        var first = await OpenUntilHalfOpenAsync(system);

        using var probe = await system.GetAsync("/up/flaky");
        var reopened = await system.Watch.NextAsync("up|", BreakerState.Open);
        using var refused = await system.GetAsync("/up/flaky");

        Assert.Equal(500, (int)probe.StatusCode);
        Assert.StartsWith("probe failed", reopened.Cause);
        await ProblemJson.AssertAsync(refused, 503);
        Assert.Equal(3 + 1, system.Upstream.Calls);
        AssertOpenFor(first, TimeSpan.FromMilliseconds(400));
        AssertOpenFor(reopened, TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public async Task ADeadUpstreamThatComesBack_IsServedAgainAfterItsProbe()
    {
        var port = TestClients.ClosedPort();
        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{port}"), Breaker);
        using var watch = BreakerWatch.On(gateway);
        using var client = TestClients.Http();
        for (var i = 0; i < 3; i++) (await client.GetAsync(gateway.Url("/up/flaky"))).Dispose();
        await watch.NextAsync("up|", BreakerState.Open);

        var (upstreamApp, upstream) = await FlakyUpstream.StartOnPortAsync(port);
        await using var _u = upstreamApp;
        await watch.NextAsync("up|", BreakerState.HalfOpen);
        using var probe = await client.GetAsync(gateway.Url("/up/flaky"));

        Assert.Equal(200, (int)probe.StatusCode);
        await watch.NextAsync("up|", BreakerState.Closed);
        Assert.Equal(1, upstream.Calls);
    }

    /// <summary>Three failures through the gateway, then the reset timeout; returns the opening transition.</summary>
    private static async Task<BreakerTransition> OpenUntilHalfOpenAsync(GatewayWithFlakyUpstream system)
    {
        for (var i = 0; i < 3; i++) (await system.GetAsync("/up/flaky")).Dispose();
        var opened = await system.Watch.NextAsync("up|", BreakerState.Open);
        await system.Watch.NextAsync("up|", BreakerState.HalfOpen);
        return opened;
    }

    // No jitter: the open period is the backoff itself (the two clock reads differ by microseconds).
    private static void AssertOpenFor(BreakerTransition opened, TimeSpan expected)
    {
        var period = opened.NextRetry!.Value - opened.At;
        Assert.InRange(period, expected - TimeSpan.FromMilliseconds(20), expected);
    }
}
