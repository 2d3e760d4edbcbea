using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class CircuitBreakerTransitionTests : CircuitBreakerTestBase
{
    [Fact]
    public async Task NewBreaker_PublishesClosedSnapshot()
    {
        var breaker = StartBreaker();
        await SyncAsync(breaker);

        Assert.True(Board.TryGet(Upstream, out var snapshot));
        Assert.Equal(BreakerState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.Equal(0, snapshot.Transitions);
        Assert.Null(snapshot.OpenUntil);
        Assert.Equal(BreakerTestConfig.Settings.ResetTimeout, snapshot.CurrentResetTimeout);
    }

    [Fact]
    public async Task FailuresBelowMax_StayClosedAndAreCounted()
    {
        var breaker = StartBreaker();

        await FailAsync(breaker, 2);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(2, Snapshot.ConsecutiveFailures);
        Assert.Equal(BreakerVerdict.Forward, Snapshot.Decide(Clock.Now).Verdict);
    }

    [Fact]
    public async Task MaxConsecutiveFailures_OpenBreakerUntilResetTimeout()
    {
        var breaker = StartBreaker();

        await FailAsync(breaker, 3);

        Assert.Equal(BreakerState.Open, Snapshot.State);
        Assert.Equal(3, Snapshot.ConsecutiveFailures);
        Assert.Equal(1, Snapshot.Transitions);
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(10), Snapshot.OpenUntil);
        var decision = Snapshot.Decide(Clock.Now);
        Assert.Equal(BreakerVerdict.FailFast, decision.Verdict);
        Assert.Equal(10, decision.RetryAfterSeconds);
    }

    [Fact]
    public async Task SuccessInClosed_ResetsConsecutiveFailures()
    {
        var breaker = StartBreaker();
        await FailAsync(breaker, 2);

        breaker.Tell(Current(Upstream, Outcome.Ok));
        await FailAsync(breaker, 2);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(2, Snapshot.ConsecutiveFailures);
    }

    [Fact]
    public async Task ClientErrors_AreNotFailures()
    {
        var breaker = StartBreaker();

        foreach (var status in new[] { 400, 401, 404, 409, 429, 499, 404, 404 })
            breaker.Tell(Current(Upstream, Outcome.FromStatus(status)));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(0, Snapshot.ConsecutiveFailures);
    }

    [Fact]
    public async Task ConnectErrorsTimeoutsAndServerErrors_AllCountAsFailures()
    {
        var breaker = StartBreaker();

        breaker.Tell(Current(Upstream, Outcome.ConnectError));
        breaker.Tell(Current(Upstream, Outcome.Timeout));
        breaker.Tell(Current(Upstream, Outcome.FromStatus(500)));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task OpenBeforeResetTimeout_RejectsProbeWithRemainingTime()
    {
        var breaker = await StartOpenBreakerAsync();
        Clock.Advance(TimeSpan.FromSeconds(4));

        var answer = await AskProbeAsync(breaker, Upstream);

        var rejected = Assert.IsType<Rejected>(answer);
        Assert.Equal(TimeSpan.FromSeconds(6), rejected.RetryAfter);
        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task OpenAfterResetTimeout_BecomesHalfOpenAndAsksForProbe()
    {
        var breaker = await StartOpenBreakerAsync();

        Clock.Advance(TimeSpan.FromSeconds(10));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.HalfOpen, Snapshot.State);
        Assert.Null(Snapshot.OpenUntil);
        Assert.False(Snapshot.ProbeInFlight);
        Assert.Equal(2, Snapshot.Transitions);
        Assert.Equal(BreakerVerdict.AskForProbe, Snapshot.Decide(Clock.Now).Verdict);
    }

    [Fact]
    public async Task OpenJustBeforeResetTimeout_StaysOpen()
    {
        var breaker = await StartOpenBreakerAsync();

        Clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Open, Snapshot.State);
    }

    [Fact]
    public async Task ClosedBreaker_AnswersProbeRequestWithOrdinaryAdmission()
    {
        var breaker = StartBreaker();

        var granted = await GrantProbeAsync(breaker);

        Assert.Equal(Snapshot.Epoch, granted.Epoch);
        Assert.Equal(BreakerState.Closed, Snapshot.State);
    }

    [Fact]
    public async Task ResetJitter_ShortensOpenPeriodByInjectedFraction()
    {
        var settings = BreakerTestConfig.Settings with { ResetJitter = 0.2 };

        await StartOpenBreakerAsync(settings, random: () => 0.5);

        // 10s shortened by 0.2 * 0.5 of itself.
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(9), Snapshot.OpenUntil);
        Assert.Equal(TimeSpan.FromSeconds(10), Snapshot.CurrentResetTimeout);
    }

    [Fact]
    public async Task LoweringMaxFailures_KeepsCountAndAppliesToNextFailure()
    {
        var breaker = StartBreaker(BreakerTestConfig.Settings with { MaxFailures = 5 });
        await FailAsync(breaker, 1);

        breaker.Tell(new Configure(Upstream, BreakerTestConfig.Settings with { MaxFailures = 2 }));
        await SyncAsync(breaker);
        Assert.Equal(1, Snapshot.ConsecutiveFailures);
        await FailAsync(breaker, 1);

        Assert.Equal(BreakerState.Open, Snapshot.State);
    }
}
