using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Gateway.Actors.RateLimiting;

namespace RateLimiterThroughput;

/// <summary>
/// One measured run: a fresh shard region (so every client starts with its whole quota), then N tasks that
/// each Ask for one decision at a time, as N concurrent requests would, until the bounded total is spent.
/// </summary>
internal static class ThroughputRun
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public sealed record Result(double DecisionsPerSecond, double AdmittedFraction, TimeSpan Elapsed);

    public static async Task<Result> MeasureAsync(ActorSystem system, RateLimiter.Settings policy, BenchOptions options, string name)
    {
        var registry = await ClusterSharding.Get(system).StartAsync(
            name, _ => RateLimiter.EntityProps(), ClusterShardingSettings.Create(system), RateLimiter.MessageExtractor);
        var checks = Enumerable.Range(0, options.Clients)
            .Select(i => new RateLimiter.Check("default", $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}", policy))
            .ToArray();

        var issued = 0;
        var admitted = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Tasks).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref issued)) <= options.Decisions)
            {
                var decision = await registry.Ask<RateLimiter.Decision>(checks[n % checks.Length], AskTimeout);
                if (decision.Allowed) Interlocked.Increment(ref admitted);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();

        await registry.GracefulStop(AskTimeout, GracefulShutdown.Instance);
        return new Result(options.Decisions / clock.Elapsed.TotalSeconds, (double)admitted / options.Decisions, clock.Elapsed);
    }
}
