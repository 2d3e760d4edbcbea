using Xunit;
using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>Requests admitted under one state that finish under another must not decide the new one.</summary>
public sealed class CircuitBreakerStaleReportTests : CircuitBreakerTestBase
{
    [Fact]
    public async Task SuccessAdmittedWhileClosed_ArrivingWhileOpen_DoesNotClose()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);
        var admittedWhileClosed = Snapshot.Epoch;
        await FailAsync(breaker, 3);
        var open = Snapshot;

        breaker.Tell(new Report(Upstream, Outcome.Ok, admittedWhileClosed));
        await SyncAsync(breaker);

        Assert.Equal(open, Snapshot);
    }

    [Fact]
    public async Task SuccessAdmittedWhileClosed_ArrivingWhileHalfOpen_LeavesDecisionToProbe()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);
        var admittedWhileClosed = Snapshot.Epoch;
        await FailAsync(breaker, 3);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await GrantProbeAsync(breaker);

        breaker.Tell(new Report(Upstream, Outcome.Ok, admittedWhileClosed));
        await SyncAsync(breaker);
        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        Assert.True(Snapshot.ProbeInFlight);

        breaker.Tell(new Report(Upstream, Outcome.Timeout, probe.Epoch));
        await SyncAsync(breaker);
        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task FailureAdmittedBeforeOpening_ArrivingAfterRecovery_IsNotCounted()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);
        var admittedBeforeOpening = Snapshot.Epoch;
        await FailAsync(breaker, 3);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await GrantProbeAsync(breaker);
        breaker.Tell(new Report(Upstream, Outcome.Ok, probe.Epoch));

        breaker.Tell(new Report(Upstream, Outcome.ServerError(500), admittedBeforeOpening));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(0, Snapshot.ConsecutiveFailures);
    }

    [Fact]
    public async Task FailuresWhileOpen_DoNotExtendOpenPeriod()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);
        var admittedWhileClosed = Snapshot.Epoch;
        await FailAsync(breaker, 3);
        var open = Snapshot;

        for (var i = 0; i < 10; i++)
            breaker.Tell(new Report(Upstream, Outcome.ConnectError, admittedWhileClosed));
        await SyncAsync(breaker);

        Assert.Equal(open, Snapshot);
    }
}
