using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>Drives a single breaker actor for <see cref="BreakerTestConfig.UpstreamA"/>.</summary>
public abstract class CircuitBreakerTestBase : BreakerTestKit
{
    protected const string Upstream = BreakerTestConfig.UpstreamA;

    protected BreakerSnapshot Snapshot => SnapshotOf(Upstream);

    protected IActorRef StartBreaker(CircuitBreaker.Settings? settings = null, Func<double>? random = null) =>
        Sys.ActorOf(CircuitBreaker.Props(Upstream, settings ?? BreakerTestConfig.Settings, Board, random: random ?? (() => 0.0)));

    protected async Task<IActorRef> StartOpenBreakerAsync(CircuitBreaker.Settings? settings = null, Func<double>? random = null)
    {
        var breaker = StartBreaker(settings, random);
        await FailAsync(breaker, Upstream, (settings ?? BreakerTestConfig.Settings).MaxFailures);
        Assert.Equal(BreakerState.Open, Snapshot.State);
        return breaker;
    }

    protected async Task<IActorRef> StartHalfOpenBreakerAsync()
    {
        var breaker = await StartOpenBreakerAsync();
        Clock.Advance(BreakerTestConfig.Settings.ResetTimeout);
        await SyncAsync(breaker);
        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        return breaker;
    }

    protected async Task<ProbeGranted> GrantProbeAsync(IActorRef breaker) =>
        Assert.IsType<ProbeGranted>(await AskProbeAsync(breaker, Upstream));

    protected Task FailAsync(IActorRef breaker, int times) => FailAsync(breaker, Upstream, times);

    /// <summary>A report of a request admitted under <paramref name="epoch"/>; returns once the breaker has handled it.</summary>
    protected async Task ReportAsync(IActorRef breaker, Outcome outcome, long epoch)
    {
        breaker.Tell(new Report(Upstream, outcome, epoch));
        await SyncAsync(breaker);
    }
}
