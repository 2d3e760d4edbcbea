using Akka.Actor;

namespace Gateway.Actors.WebSockets;

internal sealed class WebSocketRelaySupervisorActor : ReceiveActor
{
    private readonly Dictionary<IActorRef, string> _relays = [];
    private readonly Dictionary<string, IActorRef> _relaysById = [];
    private readonly List<IActorRef> _awaitingShutdown = [];
    private bool _shuttingDown;
    private long _childCounter;
    private long _messagesRelayed;

    public WebSocketRelaySupervisorActor()
    {
        Receive<WebSocketRelaySupervisor.StartRelay>(OnStartRelay);
        Receive<WebSocketRelay.Shutdown>(OnShutdownOne);
        Receive<WebSocketRelay.Progress>(progress => _messagesRelayed += progress.Messages);
        Receive<WebSocketRelaySupervisor.GetStats>(_ =>
            Sender.Tell(new WebSocketRelaySupervisor.Stats(_relays.Count, _messagesRelayed)));
        Receive<WebSocketRelaySupervisor.Shutdown>(_ => OnShutdownAll());
        Receive<Terminated>(OnTerminated);
    }

    // A relay's failure is its own: stop it (its PostStop closes its sockets with 1011), never restart
    // it (its sockets cannot be handed over again) and never touch its siblings.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Stop));

    private void OnStartRelay(WebSocketRelaySupervisor.StartRelay start)
    {
        // Names from a counter: connection ids need not be valid actor names, nor unique over time.
        var relay = Context.ActorOf(start.RelayProps, $"relay-{++_childCounter}");
        Context.Watch(relay);
        _relays[relay] = start.ConnectionId;
        _relaysById[start.ConnectionId] = relay;
        if (_shuttingDown) relay.Tell(new WebSocketRelay.Shutdown(start.ConnectionId));
        // An endpoint that only Tells (and awaits its completion) gets no reply to fill the dead letters.
        if (!Sender.IsNobody()) Sender.Tell(new WebSocketRelaySupervisor.RelayStarted(start.ConnectionId, relay));
    }

    private void OnShutdownOne(WebSocketRelay.Shutdown shutdown)
    {
        if (_relaysById.TryGetValue(shutdown.ConnectionId, out var relay)) relay.Forward(shutdown);
    }

    private void OnShutdownAll()
    {
        _shuttingDown = true;
        _awaitingShutdown.Add(Sender);
        foreach (var (relay, connectionId) in _relays)
            relay.Tell(new WebSocketRelay.Shutdown(connectionId));
        AnswerShutdownIfDone();
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_relays.Remove(terminated.ActorRef, out var connectionId)) return;
        if (_relaysById.TryGetValue(connectionId, out var current) && current.Equals(terminated.ActorRef))
            _relaysById.Remove(connectionId);
        AnswerShutdownIfDone();
    }

    private void AnswerShutdownIfDone()
    {
        if (!_shuttingDown || _relays.Count > 0) return;
        foreach (var waiter in _awaitingShutdown)
            waiter.Tell(WebSocketRelaySupervisor.ShutdownCompleted.Instance);
        _awaitingShutdown.Clear();
    }
}
