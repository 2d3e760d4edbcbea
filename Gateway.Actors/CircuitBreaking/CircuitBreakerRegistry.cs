using Akka.Actor;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;
using Settings = Gateway.Actors.CircuitBreaking.CircuitBreaker.Settings;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// Parent of every breaker: routes <see cref="Report"/> and <see cref="RequestProbe"/> by upstream
/// (creating the breaker on demand), applies <see cref="EnsureBreakers"/>, and passivates idle
/// closed breakers. While a breaker stops, its messages wait here and go to the next incarnation,
/// which resumes the epoch from the board, so nothing is lost, doubled or misjudged as stale.
/// Register this actor (with Akka.Hosting, keyed by this type) and Ask/Tell it from the web layer.
/// </summary>
public sealed class CircuitBreakerRegistry : ReceiveActor
{
    private readonly BreakerBoard _board;
    private readonly Settings _defaults;
    private readonly TimeSpan _passivateAfter;
    private readonly Func<double> _random;

    private readonly Dictionary<string, Settings> _configured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _upstreamOf = new();
    // Upstreams whose breaker is stopping, with the messages that came for it meanwhile.
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _stopping = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retiring = new(StringComparer.Ordinal);

    public CircuitBreakerRegistry(BreakerBoard board, Settings defaults, TimeSpan passivateAfter, Func<double> random)
    {
        _board = board;
        _defaults = defaults;
        _passivateAfter = passivateAfter;
        _random = random;

        Receive<IBreakerCommand>(Route);
        Receive<EnsureBreakers>(Ensure);
        Receive<Passivate>(OnPassivate);
        Receive<PassivationDeclined>(OnPassivationDeclined);
        Receive<Terminated>(OnTerminated);
    }

    private void Route(IBreakerCommand command)
    {
        if (_stopping.TryGetValue(command.Upstream, out var buffer))
            buffer.Add((command, Sender));
        else
            ChildFor(command.Upstream).Forward(command);
    }

    private void Ensure(EnsureBreakers ensure)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (upstream, settings) in ensure.Upstreams)
        {
            wanted.Add(upstream);
            var changed = !_configured.TryGetValue(upstream, out var old) || old != settings;
            _configured[upstream] = settings;
            if (!_children.ContainsKey(upstream) && !_stopping.ContainsKey(upstream))
            {
                // Published here, before the child starts (it resumes from it as from any closed
                // snapshot): the answer then means every breaker is on the board, not merely created.
                if (!_board.TryGet(upstream, out _))
                    _board.Publish(BreakerSnapshot.Initial(upstream) with
                    {
                        CurrentResetTimeout = settings.ResetTimeout,
                        Since = Context.System.Scheduler.Now,
                    });
                ChildFor(upstream);
            }
            else if (changed)
                Route(new Reconfigure(upstream, settings));
        }

        foreach (var (upstream, child) in _children.Where(c => !wanted.Contains(c.Key)).ToList())
        {
            _configured.Remove(upstream);
            _retiring.Add(upstream);
            _stopping.TryAdd(upstream, []);
            Context.Stop(child);
        }
        // Snapshots of passivated breakers of upstreams that are gone.
        foreach (var snapshot in _board.All())
        {
            if (!wanted.Contains(snapshot.Upstream) && !_children.ContainsKey(snapshot.Upstream))
                _board.Remove(snapshot.Upstream);
        }
        foreach (var upstream in _configured.Keys.Where(u => !wanted.Contains(u)).ToList())
            _configured.Remove(upstream);

        if (!Sender.IsNobody()) Sender.Tell(new BreakersEnsured(wanted.Count));
    }

    private void OnPassivate(Passivate passivate)
    {
        if (!_children.TryGetValue(passivate.Upstream, out var child) || !child.Equals(Sender)) return;
        if (!_stopping.TryAdd(passivate.Upstream, [])) return; // already stopping
        child.Tell(StopIfIdle.Instance);
    }

    private void OnPassivationDeclined(PassivationDeclined declined)
    {
        if (_retiring.Contains(declined.Upstream)) return; // being stopped regardless
        if (!_children.TryGetValue(declined.Upstream, out var child) || !_stopping.Remove(declined.Upstream, out var buffer))
            return;
        foreach (var (message, sender) in buffer) child.Tell(message, sender);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_upstreamOf.Remove(terminated.ActorRef, out var upstream)) return;
        _children.Remove(upstream);
        // A retired upstream's snapshot goes; a passivated one's stays, for the next incarnation to resume.
        if (_retiring.Remove(upstream)) _board.Remove(upstream);
        if (_stopping.Remove(upstream, out var buffer) && buffer.Count > 0)
        {
            var child = ChildFor(upstream);
            foreach (var (message, sender) in buffer) child.Tell(message, sender);
        }
    }

    private IActorRef ChildFor(string upstream)
    {
        if (_children.TryGetValue(upstream, out var existing)) return existing;
        var settings = _configured.GetValueOrDefault(upstream, _defaults);
        var child = Context.ActorOf(
            CircuitBreaker.Props(upstream, settings, _board, _random, _passivateAfter),
            ChildName(upstream));
        Context.Watch(child);
        _children[upstream] = child;
        _upstreamOf[child] = upstream;
        return child;
    }

    // Upstream keys hold '|' and "://"; escaped they stay readable in actor paths and log sources.
    private static string ChildName(string upstream) => Uri.EscapeDataString(upstream);
}
