using System.Collections.Concurrent;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// This node's open <see cref="PermitLease"/>s, one at most per (policy, client), published by the node's
/// lease desk (on the limiter entity's word, wherever in the cluster that entity lives) and read by the
/// request path without a lock. Only the desk publishes and withdraws; one instance is shared by the desk
/// and the web layer.
/// </summary>
public sealed class RateLimitBoard
{
    private readonly record struct LeaseKey(string PolicyId, string ClientKey);

    private readonly ConcurrentDictionary<LeaseKey, PermitLease> _leases = new();

    /// <summary>
    /// Takes a permit from the client's open lease under exactly this policy (see <see cref="PermitLease.TryTake"/>);
    /// false when there is none: then the request asks the limiter, which also makes every denial.
    /// </summary>
    public bool TryAdmit(string policyId, string clientKey, RateLimiter.Settings policy, out int remaining, out TimeSpan resetAfter)
    {
        if (_leases.TryGetValue(new LeaseKey(policyId, clientKey), out var lease)
            && (ReferenceEquals(lease.Policy, policy) || lease.Policy.Equals(policy)))
            return lease.TryTake(out remaining, out resetAfter);
        (remaining, resetAfter) = (0, TimeSpan.Zero);
        return false;
    }

    /// <summary>The client's open lease under any policy, or null (for tests).</summary>
    internal PermitLease? LeaseOf(string policyId, string clientKey) => _leases.GetValueOrDefault(new LeaseKey(policyId, clientKey));

    /// <summary>How many leases are open (for tests and metrics).</summary>
    public int OpenLeases => _leases.Count;

    internal void Publish(PermitLease lease) => _leases[new LeaseKey(lease.PolicyId, lease.ClientKey)] = lease;

    /// <summary>Withdraws <paramref name="lease"/>, and only it: a newer lease for the same client stays.</summary>
    internal void Withdraw(PermitLease lease) =>
        _leases.TryRemove(KeyValuePair.Create(new LeaseKey(lease.PolicyId, lease.ClientKey), lease));
}
