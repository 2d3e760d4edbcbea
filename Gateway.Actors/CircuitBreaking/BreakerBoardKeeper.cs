using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// One per node, both ways: publishes to every node what this node's breakers tell it (their
/// <paramref name="publisher"/>), and writes to this node's <see cref="BreakerBoard"/> what breakers on
/// other nodes publish, repeating their transitions on this node's EventStream (for its metrics and
/// status page). A breaker writes its own node's board and event stream itself, so updates that came
/// from this node are skipped on the way back.
/// Updates published by one breaker arrive in the order it sent them (one sender, one path); a snapshot
/// handed over from a <see cref="Configured"/> answer may come late, so one from an earlier epoch than
/// the board's never replaces it.
/// </summary>
/// <remarks>
/// A node that comes up (or back) learns every breaker's state when its start-up configures them (their
/// <see cref="Configured"/> answers), but an update published in the next moments can miss it: the other
/// nodes' publish-subscribe mediators learn of its subscription by gossip, a second or so later. So for
/// <see cref="CatchUpWindow"/> after another member is up or reachable again, the keeper repeats the latest
/// snapshot of each of this node's breakers once every <see cref="RepeatInterval"/>. Outside those windows
/// nothing is repeated: a cluster whose membership is steady sends breaker updates only when a breaker's
/// state changes, however many upstreams it guards.
/// </remarks>
internal sealed class BreakerBoardKeeper : ReceiveActor, IWithTimers
{
    /// <summary>Longer than a few rounds of the mediators' gossip (one a second by default).</summary>
    internal static readonly TimeSpan CatchUpWindow = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(1);

    private const string RepeatTimerKey = "repeat";

    private readonly BreakerBoard _board;
    private readonly string _selfNode;
    private readonly IActorRef _mediator;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    /// <summary>The latest update of each breaker on this node, by upstream, without its transition (said once).</summary>
    private readonly Dictionary<string, BreakerUpdate> _local = new();

    private DateTimeOffset _repeatUntil = DateTimeOffset.MinValue;

    /// <summary>From a breaker on this node: publish to every node.</summary>
    internal sealed record Outgoing(object Update);

    private sealed record Repeat
    {
        public static readonly Repeat Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public BreakerBoardKeeper(BreakerBoard board, string selfNode)
    {
        _board = board;
        _selfNode = selfNode;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<Outgoing>(OnOutgoing);
        Receive<BreakerUpdate>(update =>
        {
            if (update.Origin == _selfNode) return;
            if (_board.TryGet(update.Snapshot.Upstream, out var current) && current.Transitions > update.Snapshot.Transitions) return;
            _board.Publish(update.Snapshot);
            if (update.Transition is { } transition) Context.System.EventStream.Publish(transition);
        });
        Receive<BreakerRetired>(retired =>
        {
            if (retired.Origin != _selfNode) _board.Remove(retired.Upstream);
        });
        Receive<ClusterEvent.MemberUp>(up => OnPeerArrived(up.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => OnPeerArrived(reachable.Member));
        Receive<Repeat>(_ => OnRepeat());
        Receive<SubscribeAck>(_ => { });
    }

    private void OnOutgoing(Outgoing outgoing)
    {
        switch (outgoing.Update)
        {
            case BreakerUpdate update:
                _local[update.Snapshot.Upstream] = update with { Transition = null };
                break;
            case BreakerRetired retired:
                _local.Remove(retired.Upstream);
                break;
        }
        _mediator.Tell(new Publish(UpdatesTopic, outgoing.Update));
    }

    private void OnPeerArrived(Member member)
    {
        if (member.Address.Equals(_cluster.SelfAddress)) return;
        _repeatUntil = Context.System.Scheduler.Now + CatchUpWindow;
        if (!Timers.IsTimerActive(RepeatTimerKey)) Timers.StartPeriodicTimer(RepeatTimerKey, Repeat.Instance, RepeatInterval);
    }

    private void OnRepeat()
    {
        if (Context.System.Scheduler.Now > _repeatUntil)
        {
            Timers.Cancel(RepeatTimerKey);
            return;
        }
        foreach (var update in _local.Values) _mediator.Tell(new Publish(UpdatesTopic, update));
    }

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(UpdatesTopic, Self));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.ReachableMember));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
