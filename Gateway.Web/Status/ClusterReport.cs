using Akka.Actor;
using Gateway.Web.Configuration;
using Gateway.Web.Observability;

namespace Gateway.Web.Status;

/// <summary>status.json's <c>cluster</c>: this node and every member it knows, as this node sees them.</summary>
/// <param name="Self">This node's cluster address, e.g. <c>akka.tcp://gateway@10.0.0.1:4053</c>.</param>
/// <param name="Leader">The member that currently moves others to up or removed; null while there is none.</param>
public sealed record ClusterReport(string Self, string? Leader, IReadOnlyList<ClusterMemberReport> Members)
{
    /// <summary>Null with the cluster off. Reads the state the cluster extension keeps current: no message is sent.</summary>
    public static ClusterReport? Of(ActorSystem system, ClusterSettings settings, ClusterEntityCounts? entities)
    {
        if (!settings.Enabled) return null;
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new ClusterMemberReport(
                m.Address.ToString(),
                // Unreachable is a verdict of the failure detector laid over the membership state: it says more.
                unreachable.Contains(m.Address) ? ClusterStatusLabel.Unreachable : ClusterStatusLabel.Of(m.Status),
                m.Address == cluster.SelfAddress,
                entities?.ByNode.GetValueOrDefault(m.Address.ToString())))
            .ToList();
        return new ClusterReport(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }
}

/// <param name="Status">joining, weakly-up, up, leaving, exiting, down, removed, or unreachable.</param>
/// <param name="IsSelf">True for the node that wrote the report.</param>
/// <param name="Entities">The limiter and breaker entities living on that node (sharding's count), null before the first count.</param>
public sealed record ClusterMemberReport(string Address, string Status, bool IsSelf, NodeEntities? Entities);
