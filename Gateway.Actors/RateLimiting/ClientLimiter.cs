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

    /// <summary>The timer that closes a lease nobody used up, so its unused permits go back to the client.</summary>
    private sealed record LeaseExpired(PermitLease Lease);

    private readonly string _policyId;
    private readonly string _clientKey;
    private readonly RateLimitBoard? _board;
    private RateLimiter.Settings _policy;
    private IRateAlgorithm _algorithm;
    private long _lastNow;
    private long _lastCheck;
    private bool _checkedBefore;
    private PermitLease? _lease;
    private int _nextLeasePermits = LeaseSizing.MinPermits;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="board">Where this limiter publishes its leases; null: it grants none.</param>
    public static Props Props(string policyId, string clientKey, RateLimiter.Settings policy, RateLimitBoard? board) =>
        Akka.Actor.Props.Create(() => new ClientLimiter(policyId, clientKey, policy, board));

    public ClientLimiter(string policyId, string clientKey, RateLimiter.Settings policy, RateLimitBoard? board)
    {
        _policyId = policyId;
        _clientKey = clientKey;
        _board = board;
        _policy = policy;
        _algorithm = RateAlgorithms.Create(policy);
        _lastCheck = Now();

        Receive<RateLimiter.Check>(OnCheck);
        Receive<LeaseExpired>(expired =>
        {
            if (ReferenceEquals(expired.Lease, _lease)) CloseLease(Now());
        });
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

    // A lease must not outlive its limiter: the request path would go on taking permits nobody counts.
    protected override void PostStop()
    {
        if (_lease is not null) EndLease();
    }

    private void ArmIdleCheck(TimeSpan after) => Timers.StartSingleTimer(nameof(IdleCheck), IdleCheck.Instance, after);

    private void OnCheck(RateLimiter.Check check)
    {
        var now = Now();
        // Only a client that came back within a lease's lifetime is busy enough to use one.
        var busy = _checkedBefore && TimeSpan.FromTicks(now - _lastCheck) <= LeaseSizing.Lifetime(check.Policy.Window);
        _lastCheck = now;
        _checkedBefore = true;
        // Whatever brought this check here (the lease used up, a reload, a race with a new lease), the
        // permits taken so far are counted first, and the ones not taken are the client's again.
        if (_lease is not null) CloseLease(now);
        if (!check.Policy.Equals(_policy))
        {
            _algorithm = RateAlgorithms.Adopt(_algorithm, check.Policy, now);
            var shorterIdle = check.Policy.IdleTimeout < _policy.IdleTimeout;
            _policy = check.Policy;
            if (shorterIdle) ArmIdleCheck(_policy.IdleTimeout);
        }

        var verdict = _algorithm.TryAcquire(now);
        // Granted before the answer goes out, so the client's next request already finds it.
        if (busy && verdict.Allowed) GrantLease(now, verdict.Remaining);
        Sender.Tell(new RateLimiter.Decision(
            _policyId, _clientKey, verdict.Allowed, _policy.Requests, verdict.Remaining,
            verdict.ResetAfter, verdict.RetryAfter, _policy.Window));
    }

    private void GrantLease(long now, int remaining)
    {
        if (_board is null || !_policy.Leases) return;
        var permits = LeaseSizing.Permits(_nextLeasePermits, remaining);
        if (permits == 0) return;

        var lifetime = LeaseSizing.Lifetime(_policy.Window);
        var terms = _algorithm.Reserve(now, permits);
        _lease = new PermitLease(_policyId, _clientKey, _policy, permits, terms.RemainingBeyond,
            terms.ResetAfterAllTaken + lifetime, terms.TicksPerPermit);
        _board.Publish(_lease);
        Timers.StartSingleTimer(nameof(LeaseExpired), new LeaseExpired(_lease), lifetime);
    }

    private void CloseLease(long now)
    {
        var taken = EndLease();
        _algorithm.Settle(now, taken);
        _nextLeasePermits = LeaseSizing.Next(taken);
        Timers.Cancel(nameof(LeaseExpired));
    }

    /// <summary>Takes the open lease off the board and closes it to the request path; returns the permits taken.</summary>
    private int EndLease()
    {
        var lease = _lease!;
        _lease = null;
        _board!.Withdraw(lease);
        return lease.Close();
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
