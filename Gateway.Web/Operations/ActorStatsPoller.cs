using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Observability;
using Gateway.Web.RateLimiting;
using Gateway.Web.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Operations;

/// <summary>
/// Fetches each top-level actor's Stats once per <c>gateway.observability.stats-interval</c> (one Ask
/// per actor, with a timeout) into the <see cref="ActorStatsBoard"/>. So a scrape storm costs the
/// actors nothing, and a busy or stopped actor only makes the numbers older, never a reader wait.
/// </summary>
public sealed partial class ActorStatsPoller(
    IReadOnlyActorRegistry registry,
    ActorStatsBoard board,
    OperationsSettings settings,
    ClusterSettings cluster,
    TimeProvider time,
    ILogger<ActorStatsPoller> logger) : BackgroundService
{
    // A busy actor may answer late; the next round simply starts late (missed ticks are skipped).
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Observability.StatsInterval, time);
        try
        {
            do
            {
                await PollOnceAsync(AskTimeout, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: the three Asks run side by side; each part that answered replaces its old value.</summary>
    public async Task PollOnceAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var limiter = AskAsync<RateLimiterRegion, RateLimiter.Stats>(
            (region, t, c) => RateLimiter.Stats.OfRegionAsync(region, t, c), timeout, cancellationToken);
        var cache = AskAsync<NodeCacheActor, ResponseCache.Stats>(ResponseCache.GetStats.Instance, timeout, cancellationToken);
        var sockets = AskAsync<RelaySupervisorActor, WebSocketRelaySupervisor.Stats>(WebSocketRelaySupervisor.GetStats.Instance, timeout, cancellationToken);
        // A cluster-wide query: asked only where there is a cluster to report (status.json has none otherwise).
        var entities = cluster.Enabled
            ? AskAsync<BreakerRegion, ClusterEntityCounts>(
                (breakers, t, c) => ClusterEntityCounts.FetchAsync(registry.Get<RateLimiterRegion>(), breakers, registry.Get<CacheEntityRegion>(), t, c), timeout, cancellationToken)
            : Task.FromResult<ClusterEntityCounts?>(null);
        await Task.WhenAll(limiter, cache, sockets, entities);

        var now = time.GetUtcNow();
        var old = board.Current;
        board.Publish(new ActorStats(
            limiter.Result ?? old.RateLimiter, limiter.Result is null ? old.RateLimiterAt : now,
            cache.Result ?? old.Cache, cache.Result is null ? old.CacheAt : now,
            sockets.Result ?? old.WebSockets, sockets.Result is null ? old.WebSocketsAt : now,
            entities.Result ?? old.Entities));
    }

    private Task<TStats?> AskAsync<TKey, TStats>(object question, TimeSpan timeout, CancellationToken cancellationToken)
        where TStats : class =>
        AskAsync<TKey, TStats>((actor, t, c) => actor.Ask<TStats>(question, t, c), timeout, cancellationToken);

    private async Task<TStats?> AskAsync<TKey, TStats>(Func<IActorRef, TimeSpan, CancellationToken, Task<TStats>> ask, TimeSpan timeout, CancellationToken cancellationToken)
        where TStats : class
    {
        if (!registry.TryGet<TKey>(out var actor)) return null;
        try
        {
            return await ask(actor, timeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or OperationCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested) LogNoAnswer(typeof(TKey).Name, timeout.TotalMilliseconds);
            return null;
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "No stats from {Actor} within {TimeoutMs}ms; keeping the last ones")]
    private partial void LogNoAnswer(string actor, double timeoutMs);
}
