using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// A node's limiter owner watch, with probes as the shard regions of this node (A) and a peer (B) while a
/// third node (C) is lost: the shards neither region holds are out of reach until C is removed; a check
/// that timed out puts its shard out of reach for a while unless the shard is held here.
/// </summary>
public class LimiterOwnerWatchTests : RateLimiterTestKit
{
    private static readonly Address A = new("akka.tcp", "gateway", "10.0.0.1", 4053);
    private static readonly Address B = new("akka.tcp", "gateway", "10.0.0.2", 4053);

    private readonly LimiterOwnerBoard _owners = new();
    private readonly TestProbe _regionA;
    private readonly TestProbe _regionB;
    private readonly IActorRef _watch;

    public LimiterOwnerWatchTests()
    {
        _regionA = CreateTestProbe();
        _regionB = CreateTestProbe();
        var regions = new Dictionary<Address, ICanTell> { [A] = _regionA, [B] = _regionB };
        _watch = Sys.ActorOf(Props.Create(() => new LimiterOwnerWatch(_owners, A, address => regions[address], false)));
    }

    /// <summary>A check of a client whose limiter lives in <paramref name="shard"/>.</summary>
    private static RateLimiter.Check CheckIn(int shard) =>
        Enumerable.Range(0, 100_000)
            .Select(i => new RateLimiter.Check("default", $"ip:10.1.{i / 256}.{i % 256}", ThreePerMinute))
            .First(check => LimiterShards.ShardIndexOf(check) == shard);

    private static CurrentShardRegionState Holding(params int[] shards) =>
        new(shards.Select(s => new ShardState(s.ToString(System.Globalization.CultureInfo.InvariantCulture), ImmutableHashSet<string>.Empty))
            .ToImmutableHashSet(), ImmutableHashSet<string>.Empty);

    private Task WhenAsync(Func<LimiterOwners, bool> condition) =>
        AwaitConditionAsync(() => Task.FromResult(condition(_owners.Current)), AskTimeout);

    private async Task AnswerAsync(TestProbe region, CurrentShardRegionState state)
    {
        await region.ExpectMsgAsync<GetShardRegionState>(AskTimeout);
        region.Reply(state);
    }

    /// <summary>C (of A, B, C) is unreachable; A holds shards 1 and 2, B holds 3.</summary>
    private async Task LoseCAsync()
    {
        _watch.Tell(new LimiterOwnerWatch.Membership([A, B], Members: 3, Unreachable: 1));
        await AnswerAsync(_regionA, Holding(1, 2));
        await AnswerAsync(_regionB, Holding(3));
        await WhenAsync(owners => owners.ShardsOutOfReach > 0);
    }

    [Fact]
    public async Task WhileAMemberIsUnreachable_ShardsNoServingNodeHolds_AreOutOfReach_AndTheQuotaIsSharedByTheServingNodes()
    {
        await LoseCAsync();

        var owners = _owners.Current;
        Assert.Equal(LimiterShards.ShardCount - 3, owners.ShardsOutOfReach);
        Assert.False(owners.IsOutOfReach(CheckIn(1)));
        Assert.False(owners.IsOutOfReach(CheckIn(3)));
        Assert.True(owners.IsOutOfReach(CheckIn(4)));
        Assert.Equal(2, owners.ServingNodes);
        Assert.True(owners.HasPeers);
        Assert.Equal(5, owners.FallbackShare(10));
    }

    [Fact]
    public async Task OnceTheLostMemberIsRemoved_EveryLimiterIsAskedAgain()
    {
        await LoseCAsync();

        _watch.Tell(new LimiterOwnerWatch.Membership([A, B], Members: 2, Unreachable: 0));

        await WhenAsync(owners => owners.ShardsOutOfReach == 0);
        Assert.False(_owners.Current.IsOutOfReach(CheckIn(4)));
        Assert.Equal(2, _owners.Current.ServingNodes);
    }

    [Fact]
    public async Task WhileAMemberStaysUnreachable_EachRefreshPicksUpShardsPlacedSince()
    {
        await LoseCAsync();

        Clock.Advance(LimiterOwnerWatch.RefreshInterval);
        await AnswerAsync(_regionA, Holding(1, 2));
        await AnswerAsync(_regionB, Holding(3, 4));

        await WhenAsync(owners => !owners.IsOutOfReach(CheckIn(4)));
        Assert.Equal(LimiterShards.ShardCount - 4, _owners.Current.ShardsOutOfReach);
    }

    [Fact]
    public async Task ARegionThatDoesNotAnswer_LeavesTheLastVerdictStanding()
    {
        await LoseCAsync();

        Clock.Advance(LimiterOwnerWatch.RefreshInterval);
        await AnswerAsync(_regionA, Holding(1, 2, 5));
        await _regionB.ExpectMsgAsync<GetShardRegionState>(AskTimeout);
        _regionB.Reply(new Status.Failure(new InvalidOperationException("busy")));

        // The next round starts only once that one is over: the verdict it would have changed is still the first.
        await AwaitAssertAsync(async () =>
        {
            Clock.Advance(LimiterOwnerWatch.RefreshInterval);
            await _regionA.ExpectMsgAsync<GetShardRegionState>(TimeSpan.FromMilliseconds(100));
        }, AskTimeout);
        Assert.True(_owners.Current.IsOutOfReach(CheckIn(5)));
        Assert.Equal(LimiterShards.ShardCount - 3, _owners.Current.ShardsOutOfReach);
    }

    [Fact]
    public async Task ACheckThatTimedOut_OnAShardHeldElsewhere_PutsItOutOfReach_ForTheTimeoutMemory()
    {
        _watch.Tell(new LimiterOwnerWatch.Membership([A, B], Members: 2, Unreachable: 0));
        _watch.Tell(new RateLimiter.OwnerTimedOut(CheckIn(7)));
        await AnswerAsync(_regionA, Holding(1, 2));

        await WhenAsync(owners => owners.IsOutOfReach(CheckIn(7)));
        Assert.Equal(1, _owners.Current.ShardsOutOfReach);
        Assert.Equal(2, _owners.Current.ServingNodes);

        Clock.Advance(LimiterOwnerWatch.TimeoutMemory);

        await WhenAsync(owners => owners.ShardsOutOfReach == 0);
    }

    [Fact]
    public async Task ACheckThatTimedOut_OnAShardHeldHere_StaysWithItsLimiter()
    {
        _watch.Tell(new LimiterOwnerWatch.Membership([A, B], Members: 2, Unreachable: 0));
        _watch.Tell(new RateLimiter.OwnerTimedOut(CheckIn(1)));
        await AnswerAsync(_regionA, Holding(1, 2));

        // Asked again only once the first lookup is over; the shard stayed within reach.
        await AwaitAssertAsync(async () =>
        {
            _watch.Tell(new RateLimiter.OwnerTimedOut(CheckIn(1)));
            await _regionA.ExpectMsgAsync<GetShardRegionState>(TimeSpan.FromMilliseconds(100));
        }, AskTimeout);
        Assert.False(_owners.Current.IsOutOfReach(CheckIn(1)));
        Assert.Equal(0, _owners.Current.ShardsOutOfReach);
    }

    [Fact]
    public async Task ManyTimeoutsOfOneShard_AskTheLocalRegionOnce()
    {
        _watch.Tell(new LimiterOwnerWatch.Membership([A, B], Members: 2, Unreachable: 0));
        for (var i = 0; i < 5; i++) _watch.Tell(new RateLimiter.OwnerTimedOut(CheckIn(7)));

        await AnswerAsync(_regionA, Holding());
        await WhenAsync(owners => owners.IsOutOfReach(CheckIn(7)));
        await _regionA.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }
}
