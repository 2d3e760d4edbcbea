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
        catch (TimeoutException)
        {
            var state = Akka.Cluster.Cluster.Get(system).State;
            throw new TimeoutException(
                $"{Akka.Cluster.Cluster.Get(system).SelfAddress} saw members [{string.Join(", ", state.Members.Select(m => $"{m.Address} {m.Status}"))}], " +
                $"unreachable [{string.Join(", ", state.Unreachable.Select(m => m.Address))}] after {timeout.TotalSeconds}s");
        }
        finally
        {
            watcher.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>Every member this node knows is Up and reachable, and there are <paramref name="count"/> of them.</summary>
    public static Func<ClusterEvent.CurrentClusterState, bool> AllUp(int count) =>
        state => state.Members.Count == count && state.Members.All(m => m.Status == MemberStatus.Up) && state.Unreachable.Count == 0;

    /// <summary>
    /// Wakes on every membership event, and every 50 ms besides: <c>Cluster.State</c> is a view that the
    /// cluster updates a moment after it publishes the event, so the last event can find it one step behind.
    /// </summary>
    private sealed class Watcher : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Watcher(Func<ClusterEvent.CurrentClusterState, bool> condition, TaskCompletionSource reached)
        {
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            ReceiveAny(_ =>
            {
                if (condition(cluster.State)) reached.TrySetResult();
            });
        }

        protected override void PreStart()
        {
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
            Timers.StartPeriodicTimer("recheck", "recheck", TimeSpan.FromMilliseconds(50));
        }

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
