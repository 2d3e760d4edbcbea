using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class CircuitBreakerEventTests : CircuitBreakerTestBase
{
    [Fact]
    public async Task EveryTransition_IsPublishedOnEventStream()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(BreakerTransition));
        var breaker = StartBreaker();

        await FailAsync(breaker, 3);
        var opened = await listener.ExpectMsgAsync<BreakerTransition>();
        Assert.Equal((Upstream, BreakerState.Closed, BreakerState.Open, 3, 1L),
            (opened.Upstream, opened.From, opened.To, opened.ConsecutiveFailures, opened.Transitions));
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(10), opened.NextRetry);

        Clock.Advance(TimeSpan.FromSeconds(10));
        var halfOpen = await listener.ExpectMsgAsync<BreakerTransition>();
        Assert.Equal((BreakerState.Open, BreakerState.HalfOpen), (halfOpen.From, halfOpen.To));

        var probe = await GrantProbeAsync(breaker);
        breaker.Tell(new Report(Upstream, Outcome.ServerError(500), probe.Epoch));
        var reopened = await listener.ExpectMsgAsync<BreakerTransition>();
        Assert.Equal((BreakerState.HalfOpen, BreakerState.Open, 4), (reopened.From, reopened.To, reopened.ConsecutiveFailures));
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(20), reopened.NextRetry);

        Clock.Advance(TimeSpan.FromSeconds(20));
        await listener.ExpectMsgAsync<BreakerTransition>(t => t.To == BreakerState.HalfOpen);
        probe = await GrantProbeAsync(breaker);
        breaker.Tell(new Report(Upstream, Outcome.Ok, probe.Epoch));
        var closed = await listener.ExpectMsgAsync<BreakerTransition>();
        Assert.Equal((BreakerState.HalfOpen, BreakerState.Closed, 0, 5L),
            (closed.From, closed.To, closed.ConsecutiveFailures, closed.Transitions));
        Assert.Null(closed.NextRetry);

        Assert.Equal(5, Snapshot.Transitions);
    }

    [Fact]
    public async Task Opening_IsLoggedWithUpstreamStatesAndFailures()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);

        await EventFilter
            .Warning(contains: $"Circuit breaker {Upstream}: Closed -> Open after 3 consecutive failures")
            .ExpectOneAsync(() => FailAsync(breaker, 3));
    }

    [Fact]
    public async Task Recovery_IsLoggedWithUpstreamAndStates()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);

        await EventFilter
            .Info(contains: $"Circuit breaker {Upstream}: HalfOpen -> Closed")
            .ExpectOneAsync(() => ReportAsync(breaker, Outcome.Ok, probe.Epoch));
    }
}
