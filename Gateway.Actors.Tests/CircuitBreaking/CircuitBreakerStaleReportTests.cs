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
        var (breaker, admittedWhileClosed) = await StartOpenedAfterAnAdmissionAsync();
        var open = Snapshot;

        await ReportAsync(breaker, Outcome.Ok, admittedWhileClosed);

        Assert.Equal(open, Snapshot);
    }

    [Fact]
    public async Task SuccessAdmittedWhileClosed_ArrivingWhileHalfOpen_LeavesDecisionToProbe()
    {
        var (breaker, admittedWhileClosed) = await StartOpenedAfterAnAdmissionAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await GrantProbeAsync(breaker);

        await ReportAsync(breaker, Outcome.Ok, admittedWhileClosed);
        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        Assert.True(Snapshot.ProbeInFlight);

        await ReportAsync(breaker, Outcome.Timeout, probe.Epoch);
        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task FailureAdmittedBeforeOpening_ArrivingAfterRecovery_IsNotCounted()
    {
        var (breaker, admittedBeforeOpening) = await StartOpenedAfterAnAdmissionAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await GrantProbeAsync(breaker);
        breaker.Tell(new Report(Upstream, Outcome.Ok, probe.Epoch));

        await ReportAsync(breaker, Outcome.ServerError(500), admittedBeforeOpening);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(0, Snapshot.ConsecutiveFailures);
    }

    [Fact]
    public async Task FailuresWhileOpen_DoNotExtendOpenPeriod()
    {
        var (breaker, admittedWhileClosed) = await StartOpenedAfterAnAdmissionAsync();
        var open = Snapshot;

        for (var i = 0; i < 10; i++)
            breaker.Tell(new Report(Upstream, Outcome.ConnectError, admittedWhileClosed));
        await SyncAsync(breaker);

        Assert.Equal(open, Snapshot);
    }

    /// <summary>A breaker opened by failures, and the epoch of a request admitted while it was still closed.</summary>
    private async Task<(IActorRef Breaker, long AdmittedWhileClosed)> StartOpenedAfterAnAdmissionAsync()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);
        var admittedWhileClosed = Snapshot.Epoch;
        await FailAsync(breaker, 3);
        return (breaker, admittedWhileClosed);
    }
}
