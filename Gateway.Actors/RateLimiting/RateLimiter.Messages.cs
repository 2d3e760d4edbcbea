using Akka.Actor;
using Akka.Cluster.Sharding;
using Gateway.Actors.Wire;

namespace Gateway.Actors.RateLimiting;

public static partial class RateLimiter
{
    /// <summary>
    /// "May this client make one more request under this policy?" Ask the shard region with exactly one
    /// of these per request; an admitted check uses up one unit of the quota, a denied one uses nothing.
    /// </summary>
    /// <param name="PolicyId">
    /// Names the policy, e.g. <c>"default"</c> for the global block or a route id for a route with its own
    /// block. It is the policy name in the <c>RateLimit</c> headers and half of the limiter's key.
    /// </param>
    /// <param name="ClientKey">The client identity the policy's <see cref="Settings.Key"/> asks for (an IP address, an API key).</param>
    /// <param name="Policy">
    /// The policy's settings, carried along so that no policy has to be registered ahead: the route table
    /// holds them. A limiter adopts a changed policy (after a reload) on the next check, keeping the
    /// requests that still count where the algorithm allows.
    /// </param>
    public sealed record Check(string PolicyId, string ClientKey, Settings Policy) : IWireMessage
    {
        /// <summary>
        /// The asking node's lease desk; null: grant that node no lease (every request asks). A node that asks
        /// while it holds a lease has used it up, or asked before the lease reached it: the limiter hands the
        /// check to the desk (<see cref="TakeFromLease"/>), which knows which.
        /// </summary>
        public IActorRef? Desk { get; init; }
    }

    /// <summary>
    /// The answer to one <see cref="Check"/>: everything the web layer writes, see <see cref="RateLimitHeaders"/>.
    /// </summary>
    /// <param name="Allowed">Whether the request goes ahead. Denied: answer 429, never forward.</param>
    /// <param name="Limit">The quota per window; zero means the policy is off (see <see cref="Enforced"/>).</param>
    /// <param name="Remaining">Requests this client may still make right now, after this one.</param>
    /// <param name="ResetAfter">Time until this client has its whole quota back (the <c>t</c> of <c>RateLimit</c>).</param>
    /// <param name="RetryAfter">Time until the next request would be admitted; zero while <see cref="Remaining"/> is above zero.</param>
    /// <param name="Window">The policy's window (the <c>w</c> of <c>RateLimit-Policy</c>).</param>
    public sealed record Decision(
        string PolicyId,
        string ClientKey,
        bool Allowed,
        int Limit,
        int Remaining,
        TimeSpan ResetAfter,
        TimeSpan RetryAfter,
        TimeSpan Window) : IWireMessage
    {
        /// <summary>False for a disabled policy: the request was admitted without counting, write no rate-limit headers.</summary>
        public bool Enforced => Limit > 0;

        /// <summary>Decided by a limiter on another node than the asking one (for the cross-node metrics).</summary>
        public bool CrossNode { get; init; }

        public static Decision NotEnforced(Check check) =>
            new(check.PolicyId, check.ClientKey, Allowed: true, Limit: 0, Remaining: 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
    }

    /// <summary>
    /// From an entity to a node's desk: publish these permits for that node's request path (see
    /// <see cref="PermitLease"/> for the terms). The desk closes the lease after <paramref name="Lifetime"/>
    /// on its own, or earlier on <see cref="RevokeLease"/>, and answers <see cref="LeaseReturned"/>.
    /// </summary>
    public sealed record GrantLease(
        string PolicyId,
        string ClientKey,
        Settings Policy,
        long LeaseId,
        int Permits,
        int RemainingBeyond,
        TimeSpan ResetAfterAllTaken,
        long TicksPerPermit,
        TimeSpan Lifetime) : IWireMessage
    {
        /// <summary>
        /// Nonzero: this lease renews that one (<see cref="RenewLease"/>). A desk still holding it closes it and
        /// moves the permits it has left into this lease, so the node's request path never finds the board empty
        /// and the remaining count goes on down one by one; zero: a lease of its own.
        /// </summary>
        public long Replaces { get; init; }
    }

    /// <summary>From an entity to a desk: close this lease now (the policy changed, or the entity stops).</summary>
    public sealed record RevokeLease(string PolicyId, string ClientKey, long LeaseId) : IWireMessage;

    /// <summary>
    /// From an entity to the desk of a node that asked while holding lease <paramref name="LeaseId"/>: admit
    /// <paramref name="Check"/> from that lease, answering <paramref name="ReplyTo"/> (the asker) exactly as a
    /// permit taken on the board would; or, when the lease is used up, close it (the count goes to the entity)
    /// and send the check back to the entity, to be decided after the count. A check sent before its node's
    /// lease arrived is answered from that lease rather than closing it: busy clients on many connections
    /// otherwise closed each lease as soon as it was granted.
    /// </summary>
    public sealed record TakeFromLease(Check Check, long LeaseId, IActorRef ReplyTo) : IWireMessage;

    /// <summary>
    /// From a desk to the granting entity, once three quarters of the lease are taken, or three quarters of its lifetime
    /// are gone and it is in use: grant the node the lease that follows this one (a <see cref="GrantLease"/> that
    /// <see cref="GrantLease.Replaces"/> it), so that its busy client's requests never wait for a round trip
    /// between two leases. <paramref name="Taken"/>: its permits taken so far, which size the next lease.
    /// </summary>
    public sealed record RenewLease(string PolicyId, string ClientKey, long LeaseId, int Taken) : IWireMessage;

    /// <summary>
    /// From a desk to the granting entity: the lease is closed, and this many of its permits were taken. When a
    /// renewal replaced it, <see cref="Carried"/> permits it had left went on into lease <see cref="CarriedInto"/>:
    /// still reserved, neither taken nor free, until that lease is returned.
    /// </summary>
    public sealed record LeaseReturned(long LeaseId, int Taken) : IWireMessage
    {
        public long CarriedInto { get; init; }

        public int Carried { get; init; }
    }

    /// <param name="LiveLimiters">Limiter entities alive on this node (the shard region's own count).</param>
    public sealed record Stats(int LiveLimiters)
    {
        /// <summary>This node's count from its shard region's state (sharding answers it locally, no entity is asked).</summary>
        public static async Task<Stats> OfRegionAsync(IActorRef region, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout, cancellationToken);
            return new Stats(state.Shards.Sum(shard => shard.EntityIds.Count));
        }
    }

    /// <summary>The stop message an idle limiter asks its shard to send it (local to the entity's node).</summary>
    internal sealed class StopLimiter
    {
        public static readonly StopLimiter Instance = new();
    }

    /// <summary>From the request path to this node's owner watch: <paramref name="Check"/> got no answer in time.</summary>
    public sealed record OwnerTimedOut(Check Check);
}
