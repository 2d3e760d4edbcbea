using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// One per gateway node: the only writer of the node's <see cref="RateLimitBoard"/>. Limiter entities,
/// on this node or another, grant the node leases here; the desk publishes each, closes it when its
/// lifetime is over or when its entity revokes it, and tells the entity how many permits were taken.
/// A lease never outlives its lifetime on the board even when the entity's node is gone, so a permit the
/// entity has given up on (and counted as taken) is never handed out later.
/// </summary>
/// <remarks>
/// Renewal: a lease in use asks its entity for the next one (<see cref="RateLimiter.RenewLease"/>) once a
/// quarter of its permits or of its lifetime is left, and the next one takes its place on the board
/// together with the permits it had left. A busy client's requests on this node thus keep finding a lease,
/// instead of all asking the entity (on another node, mostly) between the end of one lease and the next.
/// </remarks>
internal sealed class RateLimitLeaseDesk : ReceiveActor, IWithTimers
{
    private readonly record struct LeaseKey(string PolicyId, string ClientKey);

    /// <summary>The timer key of a lease's renewal point (its lifetime's end is keyed by the <see cref="LeaseKey"/>).</summary>
    private readonly record struct RenewalKey(LeaseKey Lease);

    private sealed record LifetimeOver(PermitLease Lease);

    private sealed record RenewalDue(PermitLease Lease);

    private readonly RateLimitBoard _board;
    private readonly Dictionary<LeaseKey, (PermitLease Lease, IActorRef Owner)> _open = new();

    public ITimerScheduler Timers { get; set; } = null!;

    public RateLimitLeaseDesk(RateLimitBoard board)
    {
        _board = board;
        Receive<RateLimiter.GrantLease>(OnGrant);
        Receive<RateLimiter.RevokeLease>(revoke => Close(new LeaseKey(revoke.PolicyId, revoke.ClientKey), revoke.LeaseId));
        Receive<LifetimeOver>(over => Close(KeyOf(over.Lease), over.Lease.Id));
        Receive<RenewalDue>(due => AskForRenewal(due.Lease));
        Receive<RateLimiter.TakeFromLease>(OnTake);
    }

    private static LeaseKey KeyOf(PermitLease lease) => new(lease.PolicyId, lease.ClientKey);

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
        var carried = 0;
        if (_open.TryGetValue(key, out var earlier))
        {
            if (earlier.Lease.Id == grant.Replaces && grant.Replaces != 0)
            {
                // Renewed: the permits it has left go on in the new lease, still reserved by the entity, so the
                // remaining count goes on down one by one. Closed before the new lease replaces it on the board.
                var taken = earlier.Lease.Close();
                carried = earlier.Lease.Permits - taken;
                Forget(key);
                earlier.Owner.Tell(new RateLimiter.LeaseReturned(earlier.Lease.Id, taken) { CarriedInto = grant.LeaseId, Carried = carried });
            }
            // An entity grants a node one lease at a time; any other still here belongs to an earlier incarnation.
            else Close(key, earlier.Lease.Id);
        }
        // A renewal of nothing but the permits its lease had left, which was closed before it came: nothing to publish.
        if (grant.Permits + carried == 0)
        {
            Sender.Tell(new RateLimiter.LeaseReturned(grant.LeaseId, 0));
            return;
        }
        var self = Self;
        var lease = new PermitLease(grant.LeaseId, grant.PolicyId, grant.ClientKey, grant.Policy, grant.Permits + carried,
            grant.RemainingBeyond, grant.ResetAfterAllTaken, grant.TicksPerPermit)
        {
            RunningLow = low => self.Tell(new RenewalDue(low), ActorRefs.NoSender),
        };
        _open[key] = (lease, Sender);
        // Its lifetime runs before anyone can take from it.
        Timers.StartSingleTimer(key, new LifetimeOver(lease), grant.Lifetime);
        Timers.StartSingleTimer(new RenewalKey(key), new RenewalDue(lease), grant.Lifetime * 3 / 4);
        _board.Publish(lease);
    }

    /// <summary>Asks once per lease, and only for one in use: a client that stopped lets its lease run out.</summary>
    private void AskForRenewal(PermitLease lease)
    {
        var key = KeyOf(lease);
        if (!_open.TryGetValue(key, out var open) || !ReferenceEquals(open.Lease, lease) || lease.RenewalAsked) return;
        var taken = lease.Taken;
        if (taken == 0) return;
        lease.RenewalAsked = true;
        open.Owner.Tell(new RateLimiter.RenewLease(lease.PolicyId, lease.ClientKey, lease.Id, taken));
    }

    private void Close(LeaseKey key, long leaseId)
    {
        // A revoke that crossed the lifetime's end, or a second revoke, finds nothing: answered once.
        if (!_open.TryGetValue(key, out var open) || open.Lease.Id != leaseId) return;
        Forget(key);
        // Closed (nothing more can be taken) and reported before it leaves the board, so whoever sees it
        // gone knows its count is on the way to the limiter.
        open.Owner.Tell(new RateLimiter.LeaseReturned(leaseId, open.Lease.Close()));
        _board.Withdraw(open.Lease);
    }

    private void Forget(LeaseKey key)
    {
        _open.Remove(key);
        Timers.Cancel(key);
        Timers.Cancel(new RenewalKey(key));
    }

    // The node is going away: nothing it holds may be taken any more, and the owners learn what was.
    protected override void PostStop()
    {
        foreach (var (key, open) in _open.ToList()) Close(key, open.Lease.Id);
    }
}
