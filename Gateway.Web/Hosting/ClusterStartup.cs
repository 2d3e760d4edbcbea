using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.RateLimiting;
using Microsoft.Extensions.Hosting;

namespace Gateway.Web.Hosting;

/// <summary>
/// A gateway on its own (a cluster of one) starts listening only once it is an up member with its shard
/// regions registered, so its first requests never wait on sharding; start-up fails, naming the reason,
/// if that takes longer than <see cref="Limit"/>. A node of a real cluster starts at once: it may wait
/// for its seeds indefinitely, and <c>/readyz</c> tells the load balancer when it is ready.
/// </summary>
public sealed class ClusterStartup(
    ActorSystem system,
    ClusterSettings settings,
    IRequiredActor<RateLimiterRegion> limiters,
    IRequiredActor<BreakerRegion> breakers,
    IRequiredActor<CacheEntityRegion> cacheKeys) : IHostedService
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Enabled) return;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            await WhenRegionsAreReadyAsync(system, [limiters.ActorRef, breakers.ActorRef, cacheKeys.ActorRef], deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"the gateway's cluster of one was not up with its shard regions within {Limit.TotalSeconds}s");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Completes once this node is up and the shard coordinator knows its region: from then on a message to
    /// the region reaches an entity without waiting on allocation retries.
    /// </summary>
    public static async Task WhenRegionsAreReadyAsync(ActorSystem system, IReadOnlyList<IActorRef> regions, CancellationToken cancellationToken)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(cancellationToken);
        foreach (var region in regions) await WhenRegisteredAsync(cluster, region, cancellationToken);
    }

    private static async Task WhenRegisteredAsync(Akka.Cluster.Cluster cluster, IActorRef region, CancellationToken cancellationToken)
    {
        // The coordinator is a cluster singleton that starts once the node is up; until the region has
        // registered with it, the region answers with no regions. Asked every few milliseconds, bounded.
        while (true)
        {
            try
            {
                var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(1), cancellationToken);
                if (regions.Regions.Contains(cluster.SelfAddress)) return;
            }
            catch (AskTimeoutException)
            {
                // No coordinator to forward the question to yet: ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
