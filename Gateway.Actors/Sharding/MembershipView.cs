using Akka.Actor;
using Akka.Cluster;

namespace Gateway.Actors;

/// <summary>
/// The membership as the cluster's events tell it, kept by the actor that subscribed to them. Kept from
/// the events rather than read from <c>Cluster.State</c>, which the cluster updates a moment after it
/// publishes an event, so a reader woken by the event could find the state one step behind.
/// </summary>
internal sealed class MembershipView
{
    private readonly Dictionary<Address, MemberStatus> _status = new();
    private readonly HashSet<Address> _unreachable = new();

    /// <summary>Takes one cluster event in; false for an event it does not follow.</summary>
    public bool Apply(object clusterEvent)
    {
        switch (clusterEvent)
        {
            case ClusterEvent.CurrentClusterState state:
                _status.Clear();
                _unreachable.Clear();
                foreach (var member in state.Members) _status[member.Address] = member.Status;
                foreach (var member in state.Unreachable) _unreachable.Add(member.Address);
                return true;
            case ClusterEvent.MemberRemoved removed:
                _status.Remove(removed.Member.Address);
                _unreachable.Remove(removed.Member.Address);
                return true;
            case ClusterEvent.IMemberEvent changed:
                _status[changed.Member.Address] = changed.Member.Status;
                return true;
            case ClusterEvent.UnreachableMember unreachable:
                _unreachable.Add(unreachable.Member.Address);
                return true;
            case ClusterEvent.ReachableMember reachable:
                _unreachable.Remove(reachable.Member.Address);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The members that serve (up, or leaving but still serving) and are reachable.</summary>
    public IReadOnlyList<Address> Serving =>
        _status.Where(m => m.Value is MemberStatus.Up or MemberStatus.Leaving && !_unreachable.Contains(m.Key)).Select(m => m.Key).ToList();

    /// <summary>Every member not yet removed, reachable or not.</summary>
    public int Members => _status.Count;

    /// <summary>Members the failure detector has lost (until they come back or are removed).</summary>
    public int Unreachable => _unreachable.Count;
}
