using Akka.Actor;
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
internal sealed class BreakerBoardKeeper : ReceiveActor
{
    private readonly BreakerBoard _board;
    private readonly string _selfNode;

    /// <summary>From a breaker on this node: publish to every node.</summary>
    internal sealed record Outgoing(object Update);

    public BreakerBoardKeeper(BreakerBoard board, string selfNode)
    {
        _board = board;
        _selfNode = selfNode;
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<Outgoing>(outgoing => mediator.Tell(new Publish(UpdatesTopic, outgoing.Update)));
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
        Receive<SubscribeAck>(_ => { });
    }

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(UpdatesTopic, Self));
}
