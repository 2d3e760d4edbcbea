using Akka.Actor;
using Akka.Cluster;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Waits on the cluster itself instead of on the clock: completes once a condition on a node's view
/// of the membership holds, re-checked on every membership or reachability event.
/// </summary>
public static class ClusterSignals
{
    public static async Task WhenAsync(ActorSystem system, Func<ClusterEvent.CurrentClusterState, bool> condition, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new Watcher(condition, reached)));
        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        finally
        {
            watcher.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>Every member this node knows is Up and reachable, and there are <paramref name="count"/> of them.</summary>
    public static Func<ClusterEvent.CurrentClusterState, bool> AllUp(int count) =>
        state => state.Members.Count == count && state.Members.All(m => m.Status == MemberStatus.Up) && state.Unreachable.Count == 0;

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(Func<ClusterEvent.CurrentClusterState, bool> condition, TaskCompletionSource reached)
        {
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            ReceiveAny(_ =>
            {
                if (condition(cluster.State)) reached.TrySetResult();
            });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
