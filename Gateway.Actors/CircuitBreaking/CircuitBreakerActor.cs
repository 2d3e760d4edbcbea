using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;
using Settings = Gateway.Actors.CircuitBreaking.CircuitBreaker.Settings;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// One upstream's breaker, a sharded entity: one in the cluster. Each state is a behaviour; every
/// transition goes through <see cref="TransitionTo"/>, which bumps the epoch, publishes the snapshot
/// (this node's board, and every other node's through the publisher), the
/// <see cref="BreakerTransition"/> event and a log line.
/// </summary>
internal sealed class CircuitBreakerActor : ReceiveActor, IWithTimers
{
    private const string ResetTimerKey = "reset";
    private const string ProbeDeadlineKey = "probe-deadline";

    private readonly string _upstream;
    private readonly BreakerBoard _board;
    private readonly IActorRef? _publisher;
    private readonly string _origin;
    private readonly Func<double> _random;
    private readonly TimeSpan? _passivateAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private Settings _settings;
    private BreakerState _state = BreakerState.Closed;
    private int _failures;
    private long _transitions;
    private TimeSpan _resetTimeout;
    private DateTimeOffset? _openUntil;
    private bool _probeInFlight;
    private DateTimeOffset _since;

    public CircuitBreakerActor(
        string upstream, Settings settings, BreakerBoard board, IActorRef? publisher, Func<double> random, TimeSpan? passivateAfter)
    {
        _upstream = upstream;
        _settings = settings;
        _board = board;
        _publisher = publisher;
        _origin = NodeAddress.Of(Context.System);
        _random = random;
        _passivateAfter = passivateAfter;
        _resetTimeout = settings.ResetTimeout;
        Become(Closed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        _since = Now;
        // A previous incarnation (passivated, or restarted after a crash) left its snapshot on the
        // board: continue its epoch so reports admitted under it still count, and keep an open
        // breaker open rather than silently closing it.
        if (_board.TryGet(_upstream, out var previous))
        {
            Resume(previous);
            return;
        }
        ArmPassivation();
        Publish();
    }

    private void Resume(BreakerSnapshot previous)
    {
        if (previous.Settings is { } settings) _settings = settings;
        _transitions = previous.Transitions;
        _failures = previous.ConsecutiveFailures;
        _since = previous.Since;
        if (previous.CurrentResetTimeout > TimeSpan.Zero)
            _resetTimeout = Min(previous.CurrentResetTimeout, _settings.MaxResetTimeout);

        switch (previous.State)
        {
            case BreakerState.Closed:
                ArmPassivation();
                Publish();
                break;
            case BreakerState.Open when previous.OpenUntil is { } until:
                _state = BreakerState.Open;
                _openUntil = until;
                var remaining = until - Now;
                Timers.StartSingleTimer(ResetTimerKey, ResetDue.Instance,
                    remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                Become(Open);
                Publish();
                break;
            default:
                // Half-open: the probe that was out is lost with the old incarnation; open, due at once.
                _state = previous.State;
                EnterOpen(TimeSpan.Zero, "breaker restarted while half-open");
                break;
        }
    }

    // --- behaviours -----------------------------------------------------------------------------

    private void Closed()
    {
        Receive<Report>(OnClosedReport);
        // The caller saw a stale open snapshot; it is an ordinary admission now.
        Receive<RequestProbe>(_ => Sender.Tell(new ProbeGranted(_upstream, _transitions) { CrossNode = CrossNode.Is(Sender) }));
        Receive<ReceiveTimeout>(_ =>
        {
            if (_failures != 0) return;
            // Sharding holds this breaker's messages from now on; those already here go back to it, for
            // the next incarnation, which resumes from the board.
            AskShardToStop(Passivating);
        });
        Common();
    }

    private void Passivating()
    {
        Receive<StopBreaker>(_ => Context.Stop(Self));
        Receive<IBreakerCommand>(command => Context.Parent.Forward(command));
        ReceiveAny(_ => { });
    }

    private void Open()
    {
        Receive<ResetDue>(_ => TransitionTo(BreakerState.HalfOpen, "reset timeout elapsed"));
        Receive<RequestProbe>(_ =>
        {
            var now = Now;
            if (_openUntil is { } until && until > now)
            {
                Sender.Tell(new Rejected(_upstream, until - now) { CrossNode = CrossNode.Is(Sender) });
                return;
            }
            // Due, but the timer has not fired yet (the web layer's clock got there first).
            Timers.Cancel(ResetTimerKey);
            TransitionTo(BreakerState.HalfOpen, "probe requested after reset timeout");
            GrantProbe();
        });
        // Every report now comes from a request admitted before the breaker opened.
        Receive<Report>(_ => { });
        Common();
    }

    private void HalfOpen()
    {
        Receive<RequestProbe>(_ =>
        {
            if (_probeInFlight) Sender.Tell(new Rejected(_upstream, BreakerSnapshot.ProbePendingRetryAfter) { CrossNode = CrossNode.Is(Sender) });
            else GrantProbe();
        });
        Receive<Report>(report =>
        {
            // Only the probe's report decides; it alone carries the half-open epoch.
            if (!_probeInFlight || report.Epoch != _transitions) return;
            Timers.Cancel(ProbeDeadlineKey);
            if (report.Outcome is Outcome.Inconclusive)
                ReturnProbe();
            else if (report.Outcome is Outcome.Failure failure)
                ReopenAfterFailedProbe($"probe failed: {failure}");
            else
                Close("probe succeeded");
        });
        Receive<ProbeDeadline>(deadline =>
        {
            if (!_probeInFlight || deadline.Epoch != _transitions) return;
            ReopenAfterFailedProbe($"probe did not report within call-timeout ({_settings.CallTimeout}): {FailureReason.ProbeAbandoned}");
        });
        Common();
    }

    private void Common()
    {
        Receive<Configure>(configure =>
        {
            if (configure.Settings != _settings) OnReconfigure(configure.Settings);
            Sender.Tell(new Configured(_upstream, Snapshot(), _origin));
        });
        Receive<Retire>(_ =>
        {
            _board.Remove(_upstream);
            _publisher?.Tell(new BreakerBoardKeeper.Outgoing(new BreakerRetired(_upstream, _origin)));
            Timers.CancelAll();
            AskShardToStop(Retiring);
        });
        // Timer messages of a state already left (keyed timers drop most of these themselves).
        Receive<ResetDue>(_ => { });
        Receive<ProbeDeadline>(_ => { });
        Receive<ReceiveTimeout>(_ => { });
    }

    // --- handlers -------------------------------------------------------------------------------

    private void OnClosedReport(Report report)
    {
        // Admitted under an earlier state, or an exchange that says nothing: neither changes the count.
        if (report.Epoch != _transitions || report.Outcome is Outcome.Inconclusive) return;

        if (report.Outcome is Outcome.Failure failure)
        {
            _failures++;
            if (_failures >= _settings.MaxFailures)
                EnterOpen(_resetTimeout, $"{_failures} consecutive failures (last: {failure})");
            else
                Publish();
        }
        else if (_failures > 0)
        {
            _failures = 0;
            Publish();
        }
    }

    /// <summary>A retired breaker stops without publishing again; whatever still comes for it is dropped.</summary>
    private void Retiring()
    {
        Receive<StopBreaker>(_ => Context.Stop(Self));
        ReceiveAny(_ => { });
    }

    private void OnReconfigure(Settings settings)
    {
        _settings = settings;
        _resetTimeout = _state == BreakerState.Closed
            ? _settings.ResetTimeout
            : Min(_resetTimeout, _settings.MaxResetTimeout);
        if (_state == BreakerState.Closed && _failures >= _settings.MaxFailures)
            EnterOpen(_resetTimeout, $"{_failures} consecutive failures reach the new max-failures ({_settings.MaxFailures})");
        else
            Publish();
    }

    private void GrantProbe()
    {
        _probeInFlight = true;
        // A probe whose request was abandoned would otherwise hold the breaker half-open forever.
        Timers.StartSingleTimer(ProbeDeadlineKey, new ProbeDeadline(_transitions), _settings.CallTimeout);
        Publish();
        Sender.Tell(new ProbeGranted(_upstream, _transitions) { CrossNode = CrossNode.Is(Sender) });
    }

    /// <summary>
    /// The probe's client went away before the upstream answered: no verdict. Still half-open, no
    /// transition (the epoch stays), and the next request may be the probe.
    /// </summary>
    private void ReturnProbe()
    {
        _probeInFlight = false;
        Publish();
        _log.Debug("Circuit breaker {0}: probe handed back unanswered (client went away); still HalfOpen", _upstream);
    }

    private void ReopenAfterFailedProbe(string cause)
    {
        _failures++;
        _resetTimeout = ResetBackoff.Doubled(_resetTimeout, _settings.MaxResetTimeout);
        EnterOpen(_resetTimeout, cause);
    }

    private void EnterOpen(TimeSpan timeout, string cause)
    {
        var wait = timeout > TimeSpan.Zero
            ? ResetBackoff.Jittered(timeout, _settings.ResetJitter, _random())
            : TimeSpan.Zero;
        _openUntil = Now + wait;
        Timers.Cancel(ProbeDeadlineKey);
        Timers.StartSingleTimer(ResetTimerKey, ResetDue.Instance, wait);
        TransitionTo(BreakerState.Open, cause);
    }

    private void Close(string cause)
    {
        _failures = 0;
        _resetTimeout = _settings.ResetTimeout;
        Timers.CancelAll();
        TransitionTo(BreakerState.Closed, cause);
    }

    private void TransitionTo(BreakerState to, string cause)
    {
        var from = _state;
        _state = to;
        _transitions++;
        _probeInFlight = false;
        _since = Now;
        if (to != BreakerState.Open) _openUntil = null;

        switch (to)
        {
            case BreakerState.Closed:
                Become(Closed);
                ArmPassivation();
                break;
            case BreakerState.Open:
                Become(Open);
                Context.SetReceiveTimeout(null); // never passivate state that must survive
                break;
            default:
                Become(HalfOpen);
                Context.SetReceiveTimeout(null);
                break;
        }

        var transition = new BreakerTransition(
            _upstream, from, to, _failures, _openUntil, _transitions, cause, _since);
        Publish(transition);
        Context.System.EventStream.Publish(transition);

        if (to == BreakerState.Open)
            _log.Warning("Circuit breaker {0}: {1} -> {2} after {3} consecutive failures ({4}); next probe at {5:O}",
                _upstream, from, to, _failures, cause, _openUntil);
        else
            _log.Info("Circuit breaker {0}: {1} -> {2} with {3} consecutive failures ({4})",
                _upstream, from, to, _failures, cause);
    }

    private void AskShardToStop(Action behaviour)
    {
        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(StopBreaker.Instance));
        Become(behaviour);
    }

    private void ArmPassivation()
    {
        if (_passivateAfter is { } idle) Context.SetReceiveTimeout(idle);
    }

    private BreakerSnapshot Snapshot() =>
        new(_upstream, _state, _failures, _openUntil, _resetTimeout, _transitions, _probeInFlight, _since) { Settings = _settings };

    private void Publish(BreakerTransition? transition = null)
    {
        var snapshot = Snapshot();
        _board.Publish(snapshot);
        _publisher?.Tell(new BreakerBoardKeeper.Outgoing(new BreakerUpdate(snapshot, transition, _origin)));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record ResetDue
    {
        public static readonly ResetDue Instance = new();
    }

    private sealed record ProbeDeadline(long Epoch);
}
