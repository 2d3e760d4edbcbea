using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.Tests.Sharding;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>
/// Breakers as sharded entities (a <see cref="ShardStandIn"/> plays sharding's part on virtual time):
/// one per upstream, configured, retired and passivated through sharding, resuming from the board.
/// </summary>
public sealed class BreakerShardingTests : BreakerTestKit
{
    private const string A = BreakerTestConfig.UpstreamA;
    private const string B = BreakerTestConfig.UpstreamB;
    private static readonly TimeSpan PassivateAfter = TimeSpan.FromMinutes(1);

    private IActorRef StartRegistry() =>
        Sys.ActorOf(Akka.Actor.Props.Create(() => new ShardStandIn(MessageExtractor,
            upstream => CircuitBreaker.Props(upstream, BreakerTestConfig.Settings, Board, null, () => 0.0, PassivateAfter))), "breakers");

    /// <summary>What every node's start-up does: each upstream configured, each answer awaited.</summary>
    private static Task EnsureAsync(IActorRef registry, params Configure[] upstreams) =>
        Task.WhenAll(upstreams.Select(u => registry.Ask<Configured>(u, BreakerTestConfig.AskTimeout)));

    private Task<IActorRef> ChildAsync(IActorRef registry, string upstream) =>
        Sys.ActorSelection(registry.Path / Uri.EscapeDataString(upstream)).ResolveOne(BreakerTestConfig.AskTimeout);

    /// <summary>Failures told through the registry; a probe request afterwards waits until the child has handled them.</summary>
    private async Task FailThroughAsync(IActorRef registry, string upstream, int times)
    {
        for (var i = 0; i < times; i++)
            registry.Tell(Current(upstream, Outcome.ServerError(500)));
        await AskProbeAsync(registry, upstream);
    }

    [Fact]
    public async Task UnknownUpstream_GetsBreakerOnDemandWithDefaultSettings()
    {
        var registry = StartRegistry();

        await FailThroughAsync(registry, A, 3);

        Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
        Assert.Equal(BreakerTestConfig.Settings.ResetTimeout, SnapshotOf(A).CurrentResetTimeout);
    }

    [Fact]
    public async Task FailuresOfOneUpstream_LeaveAnotherClosed()
    {
        var registry = StartRegistry();
        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings), new Configure(B, BreakerTestConfig.Settings));

        await FailThroughAsync(registry, A, 3);
        await AskProbeAsync(registry, B);

        Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
        Assert.Equal(BreakerState.Closed, SnapshotOf(B).State);
        Assert.Equal(0, SnapshotOf(B).ConsecutiveFailures);
    }

    [Fact]
    public async Task Configure_PublishesClosedSnapshotPerUpstreamWithItsSettings()
    {
        var registry = StartRegistry();
        var slow = BreakerTestConfig.Settings with { ResetTimeout = TimeSpan.FromSeconds(30), MaxFailures = 1 };

        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings), new Configure(B, slow));
        await AwaitAssertAsync(() => Assert.Equal(2, Board.All().Count));
        await FailThroughAsync(registry, B, 1);

        Assert.Equal(slow, SnapshotOf(B).Settings);
        Assert.Equal([A, B], Board.All().Select(s => s.Upstream));
        Assert.Equal(BreakerState.Closed, SnapshotOf(A).State);
        Assert.Equal(BreakerState.Open, SnapshotOf(B).State);
        Assert.Equal(Clock.Now + TimeSpan.FromSeconds(30), SnapshotOf(B).OpenUntil);
    }

    [Fact]
    public async Task Configure_AnswersOnlyWhenItsSnapshotIsOnTheBoard()
    {
        var registry = StartRegistry();
        var upstreams = Enumerable.Range(0, 20)
            .Select(i => new Configure($"route-{i}|http://localhost:{9000 + i}", BreakerTestConfig.Settings))
            .ToArray();

        await EnsureAsync(registry, upstreams);

        Assert.All(upstreams, u =>
        {
            Assert.True(Board.TryGet(u.Upstream, out var snapshot));
            Assert.Equal(BreakerState.Closed, snapshot.State);
            Assert.Equal(0, snapshot.Epoch);
        });
        // The breakers started from those snapshots as from their own: the first failure counts as usual.
        await FailThroughAsync(registry, upstreams[0].Upstream, 3);
        Assert.Equal(BreakerState.Open, SnapshotOf(upstreams[0].Upstream).State);
    }

    [Fact]
    public async Task ConfigureAgain_ReconfiguresKeepingState()
    {
        var registry = StartRegistry();
        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings with { MaxFailures = 5 }));
        await FailThroughAsync(registry, A, 1);

        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings with { MaxFailures = 2 }));
        await FailThroughAsync(registry, A, 1);

        Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
        Assert.Equal(2, SnapshotOf(A).ConsecutiveFailures);
    }

    [Fact]
    public async Task Retire_StopsTheBreaker_AndTakesItsSnapshotOffTheBoard()
    {
        var registry = StartRegistry();
        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings), new Configure(B, BreakerTestConfig.Settings));
        await FailThroughAsync(registry, B, 3);
        var retired = await ChildAsync(registry, B);
        Watch(retired);

        registry.Tell(new Retire(B));

        await ExpectTerminatedAsync(retired);
        await AwaitAssertAsync(() => Assert.False(Board.TryGet(B, out _)));
        Assert.True(Board.TryGet(A, out _));
    }

    [Fact]
    public async Task HalfOpenBreaker_GrantsExactlyOneProbeToConcurrentAskers()
    {
        var registry = StartRegistry();
        await FailThroughAsync(registry, A, 3);
        Clock.Advance(BreakerTestConfig.Settings.ResetTimeout);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => AskProbeAsync(registry, A)));

        var granted = Assert.Single(answers.OfType<ProbeGranted>());
        Assert.Equal(49, answers.OfType<Rejected>().Count());
        registry.Tell(new Report(A, Outcome.Ok, granted.Epoch));
        await AwaitAssertAsync(() => Assert.Equal(BreakerState.Closed, SnapshotOf(A).State));
    }

    [Fact]
    public async Task IdleClosedBreaker_IsPassivated_AndNextIncarnationContinuesEpoch()
    {
        var registry = StartRegistry();
        await FailThroughAsync(registry, A, 3);
        Clock.Advance(BreakerTestConfig.Settings.ResetTimeout);
        var probe = Assert.IsType<ProbeGranted>(await AskProbeAsync(registry, A));
        registry.Tell(new Report(A, Outcome.Ok, probe.Epoch));
        await AwaitAssertAsync(() => Assert.Equal(BreakerState.Closed, SnapshotOf(A).State));
        var epoch = SnapshotOf(A).Epoch;
        var first = await ChildAsync(registry, A);
        Watch(first);

        Clock.Advance(PassivateAfter);
        await ExpectTerminatedAsync(first);

        // A request admitted before passivation still counts with the new incarnation.
        await FailThroughAsync(registry, A, 1);
        var second = await ChildAsync(registry, A);
        Assert.NotEqual(first, second);
        Assert.Equal(epoch, SnapshotOf(A).Epoch);
        Assert.Equal(1, SnapshotOf(A).ConsecutiveFailures);
    }

    [Fact]
    public async Task OpenBreaker_IsNotPassivated()
    {
        var registry = StartRegistry();
        var longOpen = BreakerTestConfig.Settings with
        {
            ResetTimeout = TimeSpan.FromMinutes(10),
            MaxResetTimeout = TimeSpan.FromMinutes(10),
        };
        await EnsureAsync(registry, new Configure(A, longOpen));
        await FailThroughAsync(registry, A, 3);
        var child = await ChildAsync(registry, A);
        Watch(child);

        Clock.Advance(PassivateAfter * 3);

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.IsType<Rejected>(await AskProbeAsync(registry, A));
        Assert.Equal(child, await ChildAsync(registry, A));
    }

    [Fact]
    public async Task ClosedBreakerCountingFailures_IsNotPassivated()
    {
        var registry = StartRegistry();
        await FailThroughAsync(registry, A, 2);
        var child = await ChildAsync(registry, A);
        Watch(child);

        Clock.Advance(PassivateAfter * 3);

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await FailThroughAsync(registry, A, 1);
        Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
    }

    [Fact]
    public async Task ReportsSentWhilePassivating_AreNotLost()
    {
        var registry = StartRegistry();
        await EnsureAsync(registry, new Configure(A, BreakerTestConfig.Settings));
        await AskProbeAsync(registry, A);

        // Passivation starts now; the reports land before, during or after the hand-over.
        Clock.Advance(PassivateAfter);
        for (var i = 0; i < 3; i++)
            registry.Tell(Current(A, Outcome.Timeout));

        await AwaitAssertAsync(() =>
        {
            Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
            Assert.Equal(3, SnapshotOf(A).ConsecutiveFailures);
        });
    }

    [Fact]
    public async Task StaleReport_DoesNotCloseOpenBreaker()
    {
        var registry = StartRegistry();
        var admittedWhileClosed = Current(A, Outcome.Ok);
        await FailThroughAsync(registry, A, 3);

        registry.Tell(admittedWhileClosed);
        await AskProbeAsync(registry, A);

        Assert.Equal(BreakerState.Open, SnapshotOf(A).State);
    }
}
