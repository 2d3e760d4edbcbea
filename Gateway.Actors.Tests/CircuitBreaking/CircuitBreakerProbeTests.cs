using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class CircuitBreakerProbeTests : CircuitBreakerTestBase
{
    [Fact]
    public async Task HalfOpen_GrantsExactlyOneProbe_WhenManyAskAtOnce()
    {
        var breaker = await StartHalfOpenBreakerAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => AskProbeAsync(breaker, Upstream)));

        Assert.Single(answers.OfType<ProbeGranted>());
        var rejected = answers.OfType<Rejected>().ToList();
        Assert.Equal(49, rejected.Count);
        Assert.All(rejected, r => Assert.Equal(1, r.RetryAfterSeconds));
        Assert.True(Snapshot.ProbeInFlight);
        Assert.Equal(BreakerVerdict.FailFast, Snapshot.Decide(Clock.Now).Verdict);
    }

    [Fact]
    public async Task OpenAndDue_ManyAskAtOnce_ExactlyOneProbeGranted()
    {
        var breaker = await StartOpenBreakerAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AskProbeAsync(breaker, Upstream)));

        Assert.Single(answers.OfType<ProbeGranted>());
        Assert.Equal(19, answers.OfType<Rejected>().Count());
    }

    [Fact]
    public async Task ProbeSuccess_ClosesAndZeroesFailures()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);

        await ReportAsync(breaker, Outcome.Ok, probe.Epoch);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
        Assert.Equal(0, Snapshot.ConsecutiveFailures);
        Assert.Null(Snapshot.OpenUntil);
        Assert.Equal(BreakerVerdict.Forward, Snapshot.Decide(Clock.Now).Verdict);
    }

    [Fact]
    public async Task ProbeFailure_ReopensWithDoubledTimeout()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);

        await ReportAsync(breaker, Outcome.ConnectError, probe.Epoch);

        Assert.Equal(BreakerState.Open, Snapshot.State);
        Assert.Equal(4, Snapshot.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(20), Snapshot.CurrentResetTimeout);
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(20), Snapshot.OpenUntil);
    }

    [Fact]
    public async Task RepeatedProbeFailures_DoubleTimeoutUpToCap()
    {
        var breaker = await StartOpenBreakerAsync();
        var observed = new List<TimeSpan>();

        for (var round = 0; round < 4; round++)
        {
            Clock.Advance(Snapshot.CurrentResetTimeout);
            var probe = await GrantProbeAsync(breaker);
            await ReportAsync(breaker, Outcome.ServerError(502), probe.Epoch);
            Assert.Equal(BreakerState.Open, Snapshot.State);
            Assert.Equal(Clock.Now + Snapshot.CurrentResetTimeout, Snapshot.OpenUntil);
            observed.Add(Snapshot.CurrentResetTimeout);
        }

        // 10s doubles to 20s, then 40s is capped at max-reset-timeout (35s) and stays there.
        Assert.Equal(new[] { 20, 35, 35, 35 }.Select(s => TimeSpan.FromSeconds(s)), observed);
    }

    [Fact]
    public async Task ProbeSuccessAfterBackoff_ResetsTimeoutToResetTimeout()
    {
        var breaker = await StartOpenBreakerAsync();
        for (var round = 0; round < 2; round++)
        {
            Clock.Advance(Snapshot.CurrentResetTimeout);
            var failed = await GrantProbeAsync(breaker);
            await ReportAsync(breaker, Outcome.Timeout, failed.Epoch);
        }
        Assert.Equal(TimeSpan.FromSeconds(35), Snapshot.CurrentResetTimeout);

        Clock.Advance(Snapshot.CurrentResetTimeout);
        var probe = await GrantProbeAsync(breaker);
        await ReportAsync(breaker, Outcome.Ok, probe.Epoch);
        Assert.Equal(TimeSpan.FromSeconds(10), Snapshot.CurrentResetTimeout);

        await FailAsync(breaker, 3);
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(10), Snapshot.OpenUntil);
    }

    [Fact]
    public async Task ProbeThatNeverReports_TimesOutAsFailure()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        await GrantProbeAsync(breaker);

        Clock.Advance(BreakerTestConfig.Settings.CallTimeout);
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Open, Snapshot.State);
        Assert.False(Snapshot.ProbeInFlight);
        Assert.Equal(TimeSpan.FromSeconds(20), Snapshot.CurrentResetTimeout);
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(20), Snapshot.OpenUntil);
    }

    [Fact]
    public async Task ProbeThatReportsInTime_IsNotTimedOutLater()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);
        await ReportAsync(breaker, Outcome.Ok, probe.Epoch);

        Clock.Advance(BreakerTestConfig.Settings.CallTimeout * 2);
        await SyncAsync(breaker);

        Assert.Equal(BreakerState.Closed, Snapshot.State);
    }

    [Fact]
    public async Task ProbeReportArrivingAfterTimeout_IsIgnored()
    {
        var breaker = await StartHalfOpenBreakerAsync();
        var probe = await GrantProbeAsync(breaker);
        Clock.Advance(BreakerTestConfig.Settings.CallTimeout);
        await SyncAsync(breaker);
        var reopened = Snapshot;

        await ReportAsync(breaker, Outcome.Ok, probe.Epoch);

        Assert.Equal(BreakerState.Open, Snapshot.State);
        Assert.Equal(reopened, Snapshot);
    }
}
