using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Gateway.Actors.RateLimiting;

namespace RateLimiterThroughput;

/// <summary>
/// What a live client limiter costs: the managed heap after a full, compacting collection, before and after
/// N distinct clients each got one decision from a fresh shard region (so N limiter entities are alive),
/// divided by N. Then, for the memory a quiet process keeps after a burst, the heap and the resident set
/// once those limiters have passivated. Prints one <c>RESULT</c> line for bench/run.
/// </summary>
internal static class LimiterMemoryRun
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(ActorSystem system, int clients)
    {
        var policy = RateLimiter.Settings.Default with
        {
            Requests = 10,
            Window = TimeSpan.FromSeconds(1),
            Algorithm = RateLimitAlgorithm.TokenBucket,
            IdleTimeout = TimeSpan.FromSeconds(30),
        };
        var region = await ClusterSharding.Get(system).StartAsync(
            "memory", _ => RateLimiter.EntityProps(), ClusterShardingSettings.Create(system), RateLimiter.MessageExtractor);
        // The region, its shards and the code paths exist before the baseline, so only limiters are counted.
        await AskAllAsync(region, policy, 0, 1_000);
        await WaitForPassivationAsync(region, 0);

        var before = SettledHeap();
        await AskAllAsync(region, policy, 1_000, clients);
        var live = await LiveEntitiesAsync(region);
        var after = SettledHeap();
        var rssPeak = Environment.WorkingSet;

        await WaitForPassivationAsync(region, 0);
        var passivated = SettledHeap();
        var rssPassivated = Environment.WorkingSet;
        // What an idle-time collection could give back: Aggressive also decommits the free space it leaves.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rssAggressive = Environment.WorkingSet;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT clients={clients} live={live} bytes_per_limiter={(after - before) / (double)Math.Max(1, live):F0} " +
            $"heap_before_mib={before / 1048576.0:F1} heap_live_mib={after / 1048576.0:F1} heap_passivated_mib={passivated / 1048576.0:F1} " +
            $"rss_live_mib={rssPeak / 1048576.0:F1} rss_passivated_mib={rssPassivated / 1048576.0:F1} rss_after_aggressive_gc_mib={rssAggressive / 1048576.0:F1}"));
    }

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static async Task AskAllAsync(IActorRef region, RateLimiter.Settings policy, int from, int count)
    {
        var next = from - 1;
        var end = from + count;
        var workers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < end)
                await region.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", $"client-{i}", policy), AskTimeout);
        }));
        await Task.WhenAll(workers);
    }

    private static async Task<int> LiveEntitiesAsync(IActorRef region)
    {
        var stats = await region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, AskTimeout);
        return stats.Stats.Values.Sum();
    }

    private static async Task WaitForPassivationAsync(IActorRef region, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await LiveEntitiesAsync(region) > expected && DateTime.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromSeconds(1));
    }
}
