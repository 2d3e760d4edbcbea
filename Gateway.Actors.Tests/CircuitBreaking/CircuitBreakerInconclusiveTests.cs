using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>
/// A request whose client went away before the upstream answered says nothing about the upstream:
/// a probe ending so hands its turn back, and nothing else changes.
/// </summary>
public sealed class CircuitBreakerInconclusiveTests : CircuitBreakerTestBase
{
    [Fact]
    public async Task InconclusiveProbe_StaysHalfOpenAndAdmitsTheNextProbe()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);
        var failuresBefore = Snapshot.ConsecutiveFailures;

        await ReportAsync(breaker, Outcome.Unknown, probe.Epoch);

        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        Assert.False(Snapshot.ProbeInFlight);
        Assert.Equal(probe.Epoch, Snapshot.Epoch);
        Assert.Equal(failuresBefore, Snapshot.ConsecutiveFailures);
        Assert.Equal(BreakerVerdict.AskForProbe, Snapshot.Decide(Clock.Now).Verdict);
        var next = await GrantProbeAsync(breaker);
        Assert.Equal(probe.Epoch, next.Epoch);
    }

    [Fact]
    public async Task InconclusiveProbe_CancelsItsDeadline()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);
        await ReportAsync(breaker, Outcome.Unknown, probe.Epoch);

        Clock.Advance(BreakerTestConfig.Settings.CallTimeout * 2);
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        Assert.Equal(BreakerTestConfig.Settings.ResetTimeout, Snapshot.CurrentResetTimeout);
    }

    [Fact]
    public async Task InconclusiveWhileClosed_KeepsTheFailureCount()
    {
        var breaker = StartBreaker();
        await FailAsync(breaker, 2);

        breaker.Tell(Current(Upstream, Outcome.Unknown));
        await FailAsync(breaker, 1);

        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task BrokenExchanges_CountAsFailures()
    {
        var breaker = StartBreaker();

        await FailAsync(breaker, 2);
        breaker.Tell(Current(Upstream, Outcome.BrokenExchange));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Open, Snapshot.State);
    }
}
