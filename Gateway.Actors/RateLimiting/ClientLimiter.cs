using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The limiter of one (policy, client). Checks reach it one at a time through its mailbox, which is
/// what makes the count exact when one client fires many requests at once.
/// </summary>
internal sealed class ClientLimiter : ReceiveActor, IWithTimers
{
    /// <summary>
    /// One keyed timer instead of <c>ReceiveTimeout</c>, which cancels and re-arms a scheduler task on every
    /// message: here a check only notes its time, and the timer, when it fires early, waits out the rest.
    /// </summary>
    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    private readonly string _policyId;
    private readonly string _clientKey;
    private RateLimiter.Settings _policy;
    private IRateAlgorithm _algorithm;
    private long _lastNow;
    private long _lastCheck;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string policyId, string clientKey, RateLimiter.Settings policy) =>
        Akka.Actor.Props.Create(() => new ClientLimiter(policyId, clientKey, policy));

    public ClientLimiter(string policyId, string clientKey, RateLimiter.Settings policy)
    {
        _policyId = policyId;
        _clientKey = clientKey;
        _policy = policy;
        _algorithm = RateAlgorithms.Create(policy);
        _lastCheck = Now();

        Receive<RateLimiter.Check>(OnCheck);
        Receive<IdleCheck>(_ =>
        {
            var now = Now();
            var quiet = TimeSpan.FromTicks(now - _lastCheck);
            if (quiet < _policy.IdleTimeout)
            {
                ArmIdleCheck(_policy.IdleTimeout - quiet);
                return;
            }
            // Only a limiter with nothing left to remember may go: a new one would start from zero.
            if (_algorithm.IsIdle(now))
                Context.Parent.Tell(new RateLimiter.Passivate(_policyId, _clientKey));
            // Should the parent decline, the next quiet spell is checked again.
            _lastCheck = now;
            ArmIdleCheck(_policy.IdleTimeout);
        });
        Receive<RateLimiter.StopIfIdle>(_ =>
        {
            // Checks that reached us after we asked to go have made history the next incarnation would lack.
            if (_algorithm.IsIdle(Now()))
                Context.Stop(Self);
            else
                Context.Parent.Tell(new RateLimiter.PassivationDeclined(_policyId, _clientKey));
        });
    }

    protected override void PreStart() => ArmIdleCheck(_policy.IdleTimeout);

    private void ArmIdleCheck(TimeSpan after) => Timers.StartSingleTimer(nameof(IdleCheck), IdleCheck.Instance, after);

    private void OnCheck(RateLimiter.Check check)
    {
        var now = Now();
        _lastCheck = now;
        if (!check.Policy.Equals(_policy))
        {
            _algorithm = RateAlgorithms.Adopt(_algorithm, check.Policy, now);
            var shorterIdle = check.Policy.IdleTimeout < _policy.IdleTimeout;
            _policy = check.Policy;
            if (shorterIdle) ArmIdleCheck(_policy.IdleTimeout);
        }

        var verdict = _algorithm.TryAcquire(now);
        Sender.Tell(new RateLimiter.Decision(
            _policyId, _clientKey, verdict.Allowed, _policy.Requests, verdict.Remaining,
            verdict.ResetAfter, verdict.RetryAfter, _policy.Window));
    }

    // The scheduler's clock, so tests drive it; held monotonic so a wall-clock step back cannot
    // make old requests look like future ones.
    private long Now()
    {
        var now = Context.System.Scheduler.Now.UtcTicks;
        if (now > _lastNow) _lastNow = now;
        return _lastNow;
    }
}
