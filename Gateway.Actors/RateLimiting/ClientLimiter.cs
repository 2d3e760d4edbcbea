using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The limiter of one (policy, client): a sharded entity, so exactly one in the cluster. Checks reach it
/// one at a time through its mailbox, which is what makes the count exact when one client fires many
/// requests at once, through one node or many.
/// </summary>
/// <remarks>
/// <para>
/// Leases: a busy client's limiter sets aside permits for the node the client is using, through that
/// node's lease desk, at most one lease per node at a time. Until the desk reports how many were taken,
/// every permit of a lease counts as used (reserved in the algorithm); so admissions summed over the nodes
/// never exceed the quota, and a node that never reports (it died) costs the client at most that lease's
/// unused permits, counted as taken when the limiter gives up on it. A busy node's desk asks for the next
/// lease before its lease runs out (<see cref="RateLimiter.RenewLease"/>); the limiter grants it on the same
/// terms as any lease (out of what is left, never more than half), and the desk moves the old lease's unused
/// permits into it, so for a moment the node has two leases here, the older one about to be returned.
/// </para>
/// <para>
/// Passivation: idle, it asks its shard to stop it. Checks that reach it after it asked are sent back to
/// the shard, which holds them for the next incarnation, so none is decided by a limiter about to forget it.
/// </para>
/// <para>
/// Memory: a gateway can hold a limiter for each of hundreds of thousands of clients, so this one is built
/// to be small (docs/architecture.md, "Limiter memory"): an <see cref="UntypedActor"/> with one switch and a
/// state field rather than handler tables and behaviours per instance, a list of its own for the few checks
/// that wait on a lease count rather than Akka's stash (which needs a deque mailbox), and the compact
/// mailbox of <see cref="LimiterMailbox"/>.
/// </para>
/// </remarks>
internal sealed class ClientLimiter : UntypedActor
{
    /// <summary>
    /// One scheduled message instead of <c>ReceiveTimeout</c>, which cancels and re-arms a scheduler task on
    /// every message: here a check only notes its time, and the idle check, when it comes early, waits out the
    /// rest. Scheduled on the system's scheduler and cancelled here (on re-arming and in <see cref="PostStop"/>)
    /// rather than through <c>IWithTimers</c>, whose timer table every instance would carry: about 330 bytes,
    /// a quarter of a live limiter. One that already reached the mailbox when it was cancelled only re-arms.
    /// </summary>
    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    /// <summary>A desk that has not answered this long after the lease's lifetime is taken to be gone with its node.</summary>
    internal static readonly TimeSpan LeaseReturnGrace = TimeSpan.FromSeconds(2);

    private sealed record LeaseLost(long LeaseId);

    private sealed record OpenLease(long Id, IActorRef Desk, ICancelable LostTimer)
    {
        /// <summary>Reserved for it: what it was granted, and what a renewed lease carried into it.</summary>
        public int Permits { get; set; }

        public bool Revoked { get; set; }

        public bool Renewed { get; set; }
    }

    /// <summary>
    /// Akka keeps the last message's sender in the actor cell until the next message: after an asked check,
    /// the asker's whole promise and its answer (about 200 bytes) for as long as the limiter lives. A client
    /// that is not busy may not ask again for the limiter's whole life, so its check is followed by this
    /// message, sent with no sender; a busy client's next check replaces the sender soon enough.
    /// </summary>
    private sealed class ForgetSender
    {
        public static readonly ForgetSender Instance = new();
    }

    private enum Phase : byte
    {
        /// <summary>Waiting for its first check, which says whose limiter it is.</summary>
        Starting,
        Active,
        /// <summary>Asked its shard to stop it: checks go back to the shard.</summary>
        Passivating,
    }

    private Phase _phase;
    private string _policyId = "";
    private string _clientKey = "";
    private RateLimiter.Settings _policy = RateLimiter.Settings.Default;
    private IRateAlgorithm _algorithm = null!;
    private long _lastNow;
    private long _lastCheck;
    private bool _checkedBefore;
    // Allocated for clients busy enough to hold leases only: most limiters never need them.
    private List<OpenLease>? _leases;
    // Checks waiting for a revoked lease's count, in the order they came.
    private List<(RateLimiter.Check Check, IActorRef Sender)>? _waiting;
    private long _nextLeaseId = Random.Shared.NextInt64(1, long.MaxValue / 2);
    private int _nextLeasePermits = LeaseSizing.MinPermits;
    private ICancelable? _idleTimer;

    protected override void OnReceive(object message)
    {
        switch (_phase, message)
        {
            case (Phase.Active, RateLimiter.Check check):
                OnCheck(check, Sender);
                break;
            case (Phase.Active, RateLimiter.LeaseReturned returned):
                Settle(returned.LeaseId, returned.Taken, returned.CarriedInto, returned.Carried);
                break;
            case (Phase.Active, RateLimiter.RenewLease renew):
                Renew(renew);
                break;
            // Its node never answered: every permit counts as taken, the worst case for the client, never for the quota.
            case (Phase.Active, LeaseLost lost):
                Settle(lost.LeaseId, int.MaxValue, 0, 0);
                break;
            case (Phase.Active, IdleCheck):
                OnIdleCheck();
                break;
            case (_, ForgetSender):
                break;
            case (Phase.Starting, RateLimiter.Check check):
                OnFirstCheck(check);
                break;
            // The shard holds messages for us from now on; these reached us first and go back to it, for the
            // next incarnation to decide with everything it will remember.
            case (Phase.Passivating, RateLimiter.Check check):
                Context.Parent.Forward(check);
                break;
            case (Phase.Passivating, RateLimiter.StopLimiter):
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnFirstCheck(RateLimiter.Check check)
    {
        // The request path never asks under a policy that is off; a check that does anyway counts
        // nothing, and a limiter started for it has nothing to remember.
        if (!check.Policy.Enabled)
        {
            Sender.Tell(RateLimiter.Decision.NotEnforced(check));
            Passivate();
            return;
        }
        _policyId = check.PolicyId;
        _clientKey = check.ClientKey;
        _policy = check.Policy;
        _algorithm = RateAlgorithms.Create(check.Policy);
        _lastCheck = Now();
        ArmIdleCheck(_policy.IdleTimeout);
        _phase = Phase.Active;
        OnCheck(check, Sender);
    }

    private void OnIdleCheck()
    {
        var now = Now();
        var quiet = TimeSpan.FromTicks(now - _lastCheck);
        if (quiet < _policy.IdleTimeout)
        {
            ArmIdleCheck(_policy.IdleTimeout - quiet);
            return;
        }
        // Only a limiter with nothing left to remember may go: a new one would start from zero.
        if (!_algorithm.IsIdle(now) || _leases is { Count: > 0 })
        {
            _lastCheck = now;
            ArmIdleCheck(_policy.IdleTimeout);
            return;
        }
        Passivate();
    }

    private void Passivate()
    {
        Context.Parent.Tell(new Passivate(RateLimiter.StopLimiter.Instance));
        _phase = Phase.Passivating;
    }

    // A lease must not outlive its limiter: the desks close theirs and their answers go nowhere. Checks
    // still waiting for a count go back to the shard, for the next incarnation.
    protected override void PostStop()
    {
        _idleTimer?.Cancel();
        if (_leases is not null)
            foreach (var lease in _leases) lease.LostTimer.Cancel();
        RevokeOpenLeases();
        if (_waiting is not null)
            foreach (var (check, sender) in _waiting) Context.Parent.Tell(check, sender);
    }

    private void ArmIdleCheck(TimeSpan after)
    {
        _idleTimer?.Cancel();
        _idleTimer = Context.System.Scheduler.ScheduleTellOnceCancelable(after, Self, IdleCheck.Instance, ActorRefs.NoSender);
    }

    private void OnCheck(RateLimiter.Check check, IActorRef sender)
    {
        // The node's newest lease: a renewed one is on its way back, its desk having moved on to this one.
        var deskLease = check.Desk is null ? null : _leases?.FindLast(l => l.Desk.Equals(check.Desk));
        if (deskLease is not null)
        {
            // A node that asks while it holds a lease has used it up, or sent the check before the lease
            // reached it (the grant and this check crossed). Its desk knows which: it answers from the lease,
            // or closes it and sends the check back after the count, so the answer (and the remaining count
            // it carries) follows every permit the node handed out, exactly as on one node. A revoked lease's
            // count is on its way: the check waits for it.
            if (deskLease.Revoked) (_waiting ??= []).Add((check, sender));
            else deskLease.Desk.Tell(new RateLimiter.TakeFromLease(check, deskLease.Id, sender));
            return;
        }

        // A policy switched off by a reload: nothing counted, nothing forgotten should it come back on.
        if (!check.Policy.Enabled)
        {
            sender.Tell(RateLimiter.Decision.NotEnforced(check));
            return;
        }
        var now = Now();
        // Only a client that came back within a lease's lifetime is busy enough to use one.
        var busy = _checkedBefore && TimeSpan.FromTicks(now - _lastCheck) <= LeaseSizing.Lifetime(check.Policy.Window);
        _lastCheck = now;
        _checkedBefore = true;

        var desk = check.Desk;
        if (!check.Policy.Equals(_policy)) Adopt(check.Policy, now);

        var verdict = _algorithm.TryAcquire(now);
        // Sent before the answer, so that (on one node at least) the client's next request finds it.
        if (busy && verdict.Allowed && desk is not null && _policy.Leases
            && LeaseSizing.Permits(_nextLeasePermits, verdict.Remaining) is > 0 and var permits)
            GrantLease(desk, now, permits);
        sender.Tell(new RateLimiter.Decision(
            _policyId, _clientKey, verdict.Allowed, _policy.Requests, verdict.Remaining,
            verdict.ResetAfter, verdict.RetryAfter, _policy.Window) { CrossNode = CrossNode.Is(sender) });
        if (!busy) Self.Tell(ForgetSender.Instance, ActorRefs.NoSender);
    }

    private void Adopt(RateLimiter.Settings policy, long now)
    {
        // Permits leased under the old policy are settled into the new one; no node keeps using them. Each
        // lease's lost-timer stays armed: a desk that never answers the revoke is given up on as ever.
        RevokeOpenLeases();
        _algorithm = RateAlgorithms.Adopt(_algorithm, policy, now);
        var shorterIdle = policy.IdleTimeout < _policy.IdleTimeout;
        _policy = policy;
        if (shorterIdle) ArmIdleCheck(_policy.IdleTimeout);
    }

    /// <param name="replaces">The lease this one renews (its untaken permits go on in this one), or zero.</param>
    private void GrantLease(IActorRef desk, long now, int permits, long replaces = 0)
    {
        var lifetime = LeaseSizing.Lifetime(_policy.Window);
        var terms = _algorithm.Reserve(now, permits);
        var id = _nextLeaseId++;
        var lost = Context.System.Scheduler.ScheduleTellOnceCancelable(lifetime + LeaseReturnGrace, Self, new LeaseLost(id), ActorRefs.NoSender);
        (_leases ??= []).Add(new OpenLease(id, desk, lost) { Permits = permits });
        desk.Tell(new RateLimiter.GrantLease(_policyId, _clientKey, _policy, id, permits, terms.RemainingBeyond,
            terms.ResetAfterAllTaken + lifetime, terms.TicksPerPermit, lifetime) { Replaces = replaces });
    }

    /// <summary>
    /// A desk whose lease is running low (or old) and in use asks for the next one: new permits out of what is
    /// left, as for any lease (none near the limit, where the last permits are decided here one by one), with
    /// the old lease's untaken ones going on in it. Not for a lease already settled, revoked or renewed.
    /// </summary>
    private void Renew(RateLimiter.RenewLease renew)
    {
        var lease = _leases?.Find(l => l.Id == renew.LeaseId);
        if (lease is null || lease.Revoked || lease.Renewed || !_policy.Leases) return;
        var now = Now();
        var left = Math.Max(0, lease.Permits - renew.Taken);
        var permits = LeaseSizing.Renewal(renew.Taken, left, _algorithm.RemainingAt(now));
        // Nothing new and nothing to carry: the lease runs out, and the node asks again.
        if (permits == 0 && left == 0) return;
        lease.Renewed = true;
        GrantLease(lease.Desk, now, permits, lease.Id);
    }

    private void RevokeOpenLeases()
    {
        if (_leases is null) return;
        foreach (var lease in _leases)
            if (!lease.Revoked) Revoke(lease);
    }

    private void Revoke(OpenLease lease)
    {
        lease.Revoked = true;
        lease.Desk.Tell(new RateLimiter.RevokeLease(_policyId, _clientKey, lease.Id));
    }

    /// <summary>
    /// Closes a lease's reservation, <paramref name="taken"/> of its permits counting as admitted now, and
    /// <paramref name="carried"/> of them staying reserved for the lease that renewed it (<paramref name="carriedInto"/>).
    /// </summary>
    private void Settle(long leaseId, int taken, long carriedInto, int carried)
    {
        var index = _leases?.FindIndex(l => l.Id == leaseId) ?? -1;
        // Already settled: the desk answered after we gave up on it, or gave up after it answered.
        if (index < 0) return;
        var lease = _leases![index];
        _leases.RemoveAt(index);
        lease.LostTimer.Cancel();
        var counted = Math.Clamp(taken, 0, lease.Permits);
        var kept = Math.Clamp(carried, 0, lease.Permits - counted);
        var released = lease.Permits;
        if (kept > 0 && _leases.Find(l => l.Id == carriedInto) is { } successor)
        {
            // Still reserved, now the successor's.
            successor.Permits += kept;
            released -= kept;
        }
        // The lease they went into is already settled (its desk given up on): they count as taken.
        else counted += kept;
        _algorithm.Settle(Now(), released, counted);
        _nextLeasePermits = LeaseSizing.Next(counted);
        // Checks that waited for this lease (only those wait) are decided now, in the order they came, and
        // before anything that reached the mailbox after them.
        if (_waiting is not { Count: > 0 }) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var (check, sender) in waiting) OnCheck(check, sender);
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
