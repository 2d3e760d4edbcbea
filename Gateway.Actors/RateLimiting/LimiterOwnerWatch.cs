using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// One per gateway node in a cluster: the only writer of the node's <see cref="LimiterOwnerBoard"/>, which
/// tells the request path whose limiters are out of reach, so that their clients' requests are decided on
/// this node (the fallback) instead of each waiting for an answer that cannot come.
/// </summary>
/// <remarks>
/// <para>
/// While a member is unreachable, the watch asks the limiter shard region of every serving node (itself
/// included) which shards it holds, and again every <see cref="RefreshInterval"/> until no member is: a
/// shard that none of them holds lives on the lost node, or has no home yet (one allocated now could be
/// given to the lost node). Only a round that every serving node answered changes the verdict: a region
/// that did not answer leaves the last verdict standing rather than disown the shards it may hold. Once
/// the lost member is removed, sharding starts its limiters again elsewhere and the verdict is dropped.
/// </para>
/// <para>
/// The failure detector takes a few seconds to declare a node unreachable. Meanwhile the request path
/// reports each check that timed out (<see cref="RateLimiter.OwnerTimedOut"/>); unless its shard lives on
/// this node (a slow limiter here is no lost node), the shard counts as out of reach for
/// <see cref="TimeoutMemory"/>, so one timeout spares that shard's other clients the wait.
/// </para>
/// </remarks>
internal sealed class LimiterOwnerWatch : ReceiveActor, IWithTimers
{
    /// <summary>What the watch needs of the membership; the cluster's events become this, tests send it.</summary>
    /// <param name="Serving">Members up (or leaving) and reachable, and this node whatever its status.</param>
    /// <param name="Members">Every member not yet removed.</param>
    /// <param name="Unreachable">Members the failure detector has lost.</param>
    internal sealed record Membership(IReadOnlyList<Address> Serving, int Members, int Unreachable);

    private sealed record RegionAnswer(int Round, CurrentShardRegionState? State);

    private sealed record LocalAnswer(int Shard, CurrentShardRegionState? State);

    private sealed record Forget(int Shard);

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan TimeoutMemory = TimeSpan.FromSeconds(5);

    private readonly LimiterOwnerBoard _board;
    private readonly Address _self;
    private readonly Func<Address, ICanTell> _regionOf;
    private readonly bool _followCluster;
    private readonly MembershipView _view = new();
    private Membership _membership;

    // Shards no serving node held in the last complete round; null while no member is unreachable.
    private bool[]? _unheld;
    // Shards whose limiter let a check time out lately, and those being looked up in the local region.
    private readonly HashSet<int> _silent = new();
    private readonly HashSet<int> _checking = new();

    private int _round;
    private int _awaited;
    private bool _roundFailed;
    private readonly HashSet<int> _held = new();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="self">This node's address; null: the cluster's.</param>
    /// <param name="regionOf">The limiter shard region of a node; null: sharding's own path on that node.</param>
    /// <param name="followCluster">Subscribe to the cluster's events (tests send <see cref="Membership"/> instead).</param>
    public LimiterOwnerWatch(LimiterOwnerBoard board, Address? self = null, Func<Address, ICanTell>? regionOf = null, bool followCluster = true)
    {
        _board = board;
        _self = self ?? Cluster.Get(Context.System).SelfAddress;
        var system = Context.System;
        _regionOf = regionOf ?? (address => system.ActorSelection(new RootActorPath(address) / "system" / "sharding" / RateLimiter.ShardTypeName));
        _followCluster = followCluster;
        _membership = new Membership([_self], 1, 0);

        Receive<ClusterEvent.IClusterDomainEvent>(Follow);
        Receive<ClusterEvent.CurrentClusterState>(Follow);
        Receive<Membership>(OnMembership);
        Receive<Refresh>(_ =>
        {
            if (_membership.Unreachable > 0) StartRound();
        });
        Receive<RegionAnswer>(OnRegionAnswer);
        Receive<RateLimiter.OwnerTimedOut>(timedOut => OnTimedOut(LimiterShards.ShardIndexOf(timedOut.Check)));
        Receive<LocalAnswer>(OnLocalAnswer);
        Receive<Forget>(forget =>
        {
            if (_silent.Remove(forget.Shard)) Publish();
        });
    }

    protected override void PreStart()
    {
        if (_followCluster)
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Publish();
    }

    protected override void PostStop()
    {
        if (_followCluster) Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private void Follow(object clusterEvent)
    {
        if (!_view.Apply(clusterEvent)) return;
        // This node counts and is asked even before it is up: it takes its share, and its region answers.
        var serving = _view.Serving;
        OnMembership(new Membership(serving.Contains(_self) ? serving : [.. serving, _self], _view.Members, _view.Unreachable));
    }

    private void OnMembership(Membership membership)
    {
        _membership = membership;
        if (membership.Unreachable > 0)
        {
            StartRound();
        }
        else
        {
            // Nobody is lost (any more): the limiters of a removed node start again wherever sharding puts them.
            _round++;
            if (_unheld is not null)
                Context.GetLogger().Info("Every limiter within reach again: rate limits are counted by each client's own limiter (budgets of a removed node's clients restart)");
            _unheld = null;
            Timers.Cancel(nameof(Refresh));
        }
        Publish();
    }

    private void StartRound()
    {
        Timers.Cancel(nameof(Refresh));
        var round = ++_round;
        _awaited = _membership.Serving.Count;
        _roundFailed = false;
        _held.Clear();
        foreach (var node in _membership.Serving)
            _regionOf(node).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, QueryTimeout)
                .PipeTo(Self, success: state => new RegionAnswer(round, state), failure: _ => new RegionAnswer(round, null));
    }

    private void OnRegionAnswer(RegionAnswer answer)
    {
        // An answer to a round that a membership change has replaced says nothing about the members now.
        if (answer.Round != _round) return;
        if (answer.State is null) _roundFailed = true;
        else AddShards(_held, answer.State);
        if (--_awaited > 0) return;

        // Armed before the verdict is published, so whoever sees the verdict knows the next round is due.
        Timers.StartSingleTimer(nameof(Refresh), Refresh.Instance, RefreshInterval);
        if (_roundFailed) return;
        var unheld = new bool[LimiterShards.ShardCount];
        for (var shard = 0; shard < unheld.Length; shard++) unheld[shard] = !_held.Contains(shard);
        var count = unheld.Count(outOfReach => outOfReach);
        // Once per change of verdict, not once per round: a lost node makes one line, not one a second.
        if (count != (_unheld?.Count(outOfReach => outOfReach) ?? 0))
            Context.GetLogger().Warning(
                "{0} of {1} limiter shard(s) out of reach: no serving node holds them (they are on the lost node, or not placed yet; {2} member(s) unreachable); " +
                "their clients' requests are decided by each of the {3} serving node(s) within its share of the quota until the lost node is removed",
                count, unheld.Length, _membership.Unreachable, _membership.Serving.Count);
        _unheld = unheld;
        Publish();
    }

    private void OnTimedOut(int shard)
    {
        // Many requests of a shard time out together: the first one's lookup answers for them all.
        if (_silent.Contains(shard) || !_checking.Add(shard)) return;
        _regionOf(_self).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, QueryTimeout)
            .PipeTo(Self, success: state => new LocalAnswer(shard, state), failure: _ => new LocalAnswer(shard, null));
    }

    private void OnLocalAnswer(LocalAnswer answer)
    {
        _checking.Remove(answer.Shard);
        // A local region that does not answer is this node in trouble, not a lost owner; and a shard held
        // here has its owner here, only slow: neither is a reason to stop asking it.
        if (answer.State is null) return;
        var local = new HashSet<int>();
        AddShards(local, answer.State);
        if (local.Contains(answer.Shard)) return;
        _silent.Add(answer.Shard);
        // Armed before the verdict is published, so whoever sees the verdict knows when it will be forgotten.
        Timers.StartSingleTimer((nameof(Forget), answer.Shard), new Forget(answer.Shard), TimeoutMemory);
        Publish();
    }

    /// <summary>Every shard the region holds: those that answered it and those too busy to (still held there).</summary>
    private static void AddShards(HashSet<int> shards, CurrentShardRegionState state)
    {
        foreach (var id in state.Shards.Select(shard => shard.ShardId).Concat(state.Failed ?? ImmutableHashSet<string>.Empty))
            if (int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                shards.Add(index);
    }

    private void Publish()
    {
        bool[]? outOfReach = null;
        if (_unheld is not null || _silent.Count > 0)
        {
            outOfReach = _unheld is null ? new bool[LimiterShards.ShardCount] : (bool[])_unheld.Clone();
            foreach (var shard in _silent) outOfReach[shard] = true;
        }
        _board.Publish(new LimiterOwners(_membership.Serving.Count, _membership.Members > 1, outOfReach));
    }
}
