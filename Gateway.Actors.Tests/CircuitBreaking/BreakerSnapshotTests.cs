using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>The hot-path helpers the web layer calls without a message.</summary>
public sealed class BreakerSnapshotTests
{
    private const string Upstream = BreakerTestConfig.UpstreamA;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static BreakerSnapshot Snapshot(BreakerState state, DateTimeOffset? openUntil = null, bool probe = false, int failures = 0) =>
        new(Upstream, state, failures, openUntil, TimeSpan.FromSeconds(10), 7, probe, Now);

    [Fact]
    public void Closed_Forwards()
    {
        var decision = Snapshot(BreakerState.Closed).Decide(Now);

        Assert.Equal(BreakerVerdict.Forward, decision.Verdict);
        Assert.Equal(7, decision.Epoch);
    }

    [Fact]
    public void OpenNotDue_FailsFastWithRetryAfterRoundedUp()
    {
        var decision = Snapshot(BreakerState.Open, Now + TimeSpan.FromMilliseconds(2500)).Decide(Now);

        Assert.Equal(BreakerVerdict.FailFast, decision.Verdict);
        Assert.Equal(3, decision.RetryAfterSeconds);
    }

    [Fact]
    public void OpenAndDue_AsksForProbe()
    {
        Assert.Equal(BreakerVerdict.AskForProbe, Snapshot(BreakerState.Open, Now).Decide(Now).Verdict);
    }

    [Fact]
    public void HalfOpenWithoutProbe_AsksForProbe()
    {
        Assert.Equal(BreakerVerdict.AskForProbe, Snapshot(BreakerState.HalfOpen).Decide(Now).Verdict);
    }

    [Fact]
    public void HalfOpenWithProbeOut_FailsFast()
    {
        var decision = Snapshot(BreakerState.HalfOpen, probe: true).Decide(Now);

        Assert.Equal(BreakerVerdict.FailFast, decision.Verdict);
        Assert.Equal(1, decision.RetryAfterSeconds);
    }

    [Fact]
    public void UnknownUpstream_ReadsAsClosed()
    {
        var board = new BreakerBoard();

        Assert.Equal(BreakerVerdict.Forward, board.Get("nowhere|http://localhost:9").Decide(Now).Verdict);
        Assert.False(board.TryGet("nowhere|http://localhost:9", out _));
    }

    [Fact]
    public void SuccessOnCleanClosedBreaker_IsNotWorthReporting()
    {
        var board = new BreakerBoard();
        board.Publish(Snapshot(BreakerState.Closed));

        Assert.False(board.IsWorthReporting(Upstream, 7, Outcome.Ok));
        Assert.True(board.IsWorthReporting(Upstream, 7, Outcome.ConnectError));
    }

    [Fact]
    public void SuccessOnBreakerCountingFailures_IsWorthReporting()
    {
        var board = new BreakerBoard();
        board.Publish(Snapshot(BreakerState.Closed, failures: 2));

        Assert.True(board.IsWorthReporting(Upstream, 7, Outcome.Ok));
    }

    [Fact]
    public void ProbeSuccess_IsWorthReporting()
    {
        var board = new BreakerBoard();
        board.Publish(Snapshot(BreakerState.HalfOpen, probe: true));

        Assert.True(board.IsWorthReporting(Upstream, 7, Outcome.Ok));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(35000, 35)]
    public void RetryAfterSeconds_RoundsUpToAtLeastOne(int milliseconds, int seconds)
    {
        Assert.Equal(seconds, RetryAfterSeconds(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
