namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Which limiter entities this node can reach, as its owner watch last saw it: how many nodes serve
/// (up and reachable, this one included), whether the node has peers at all, and which shards' owners
/// are out of reach (their node unreachable, or silent to a check that timed out lately). Immutable,
/// replaced whole by the watch; the request path reads it without a lock.
/// </summary>
public sealed class LimiterOwners
{
    // Null while every owner is within reach: the request path then pays one null test and nothing else.
    private readonly bool[]? _outOfReach;

    internal LimiterOwners(int servingNodes, bool hasPeers, bool[]? outOfReach)
    {
        ServingNodes = Math.Max(1, servingNodes);
        HasPeers = hasPeers;
        _outOfReach = outOfReach;
    }

    /// <summary>A node on its own (or with the fallback off): every limiter is its own or none is out of reach.</summary>
    public static LimiterOwners Alone { get; } = new(1, hasPeers: false, outOfReach: null);

    /// <summary>Nodes that are up and reachable, this one included: the number a quota is shared by in the fallback.</summary>
    public int ServingNodes { get; }

    /// <summary>Other members exist, so a limiter that does not answer may live on a node that is gone.</summary>
    public bool HasPeers { get; }

    /// <summary>How many of the limiter shards are out of reach (for tests and logs).</summary>
    public int ShardsOutOfReach => _outOfReach?.Count(outOfReach => outOfReach) ?? 0;

    /// <summary>True when the limiter that decides <paramref name="check"/> is out of reach: decide it on this node.</summary>
    public bool IsOutOfReach(RateLimiter.Check check) => _outOfReach is not null && _outOfReach[LimiterShards.ShardIndexOf(check)];

    /// <summary>
    /// What this node may admit of a client's quota on its own: the quota divided by the serving nodes,
    /// rounded down, at least 1. Every serving node takes the same share, so together they never admit
    /// more than the quota (with a single request per node as the floor, a quota below the node count
    /// is the one exception).
    /// </summary>
    public int FallbackShare(int quota) => Math.Max(1, quota / ServingNodes);

    /// <summary>The policy a fallback limiter counts under: the share as its quota, and no leases (nothing to lease across).</summary>
    public RateLimiter.Settings FallbackPolicy(RateLimiter.Settings policy) =>
        policy with { Requests = FallbackShare(policy.Requests), Leases = false };
}
