using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// One per gateway node: the only writer of the node's <see cref="RateLimitBoard"/>. Limiter entities,
/// on this node or another, grant the node leases here; the desk publishes each, closes it when its
/// lifetime is over or when its entity revokes it, and tells the entity how many permits were taken.
/// A lease never outlives its lifetime on the board even when the entity's node is gone, so a permit the
/// entity has given up on (and counted as taken) is never handed out later.
/// </summary>
internal sealed class RateLimitLeaseDesk : ReceiveActor, IWithTimers
{
    private readonly record struct LeaseKey(string PolicyId, string ClientKey);

    private sealed record LifetimeOver(PermitLease Lease);

    private readonly RateLimitBoard _board;
    private readonly Dictionary<LeaseKey, (PermitLease Lease, IActorRef Owner)> _open = new();

    public ITimerScheduler Timers { get; set; } = null!;

    public RateLimitLeaseDesk(RateLimitBoard board)
    {
        _board = board;
        Receive<RateLimiter.GrantLease>(OnGrant);
        Receive<RateLimiter.RevokeLease>(revoke => Close(new LeaseKey(revoke.PolicyId, revoke.ClientKey), revoke.LeaseId));
        Receive<LifetimeOver>(over => Close(new LeaseKey(over.Lease.PolicyId, over.Lease.ClientKey), over.Lease.Id));
        Receive<RateLimiter.TakeFromLease>(OnTake);
    }

    private void OnTake(RateLimiter.TakeFromLease take)
    {
        var check = take.Check;
        var key = new LeaseKey(check.PolicyId, check.ClientKey);
        if (_open.TryGetValue(key, out var open) && open.Lease.Id == take.LeaseId)
        {
            var lease = open.Lease;
            if (lease.Policy.Equals(check.Policy) && lease.TryTake(out var remaining, out var resetAfter))
            {
                take.ReplyTo.Tell(new RateLimiter.Decision(check.PolicyId, check.ClientKey, Allowed: true,
                    lease.Policy.Requests, remaining, resetAfter, TimeSpan.Zero, lease.Policy.Window) { CrossNode = CrossNode.Is(Sender) });
                return;
            }
            // Used up (or asked under another policy): closed and counted first.
            Close(key, take.LeaseId);
        }
        // Back to the entity (the sender), behind the count it needs: this desk told it before this.
        Sender.Tell(check, take.ReplyTo);
    }

    private void OnGrant(RateLimiter.GrantLease grant)
    {
        var key = new LeaseKey(grant.PolicyId, grant.ClientKey);
        // An entity grants a node one lease at a time; one still here belongs to an earlier incarnation.
        if (_open.TryGetValue(key, out var earlier)) Close(key, earlier.Lease.Id);
        var lease = new PermitLease(grant.LeaseId, grant.PolicyId, grant.ClientKey, grant.Policy, grant.Permits,
            grant.RemainingBeyond, grant.ResetAfterAllTaken, grant.TicksPerPermit);
        _open[key] = (lease, Sender);
        _board.Publish(lease);
        Timers.StartSingleTimer(key, new LifetimeOver(lease), grant.Lifetime);
    }

    private void Close(LeaseKey key, long leaseId)
    {
        // A revoke that crossed the lifetime's end, or a second revoke, finds nothing: answered once.
        if (!_open.TryGetValue(key, out var open) || open.Lease.Id != leaseId) return;
        _open.Remove(key);
        Timers.Cancel(key);
        // Closed (nothing more can be taken) and reported before it leaves the board, so whoever sees it
        // gone knows its count is on the way to the limiter.
        open.Owner.Tell(new RateLimiter.LeaseReturned(leaseId, open.Lease.Close()));
        _board.Withdraw(open.Lease);
    }

    // The node is going away: nothing it holds may be taken any more, and the owners learn what was.
    protected override void PostStop()
    {
        foreach (var (key, open) in _open.ToList()) Close(key, open.Lease.Id);
    }
}
