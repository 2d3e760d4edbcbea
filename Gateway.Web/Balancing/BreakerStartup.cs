using Akka.Actor;
using Akka.Hosting;
using Gateway.Web.Configuration;
using Gateway.Web.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Web.Balancing;



/// <summary>
/// Configures every route's breakers with the route's settings before the gateway takes traffic, so the
/// first request already finds a snapshot and a breaker configured for its route (one created on
/// demand would start with the global settings). Runs after the actor system's hosted service, and
/// again after every reload: new upstreams get breakers, changed settings reach the existing ones
/// (which keep their state), and breakers of upstreams this node's routes no longer list are retired.
/// Every node does this for its own configuration; the breakers are the cluster's, one per upstream.
/// </summary>
public sealed partial class BreakerStartup(
    IRequiredActor<BreakerRegion> registry,
    IRequiredActor<BreakerBoardKeeperActor> keeper,
    RouteTableSource config,
    ActorSystem system,
    ClusterSettings cluster,
    ILogger<BreakerStartup> logger) : IHostedService
{
    private static readonly TimeSpan EnsureTimeout = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        config.Replaced += OnReload;
        // A node of a real cluster may wait for its seeds for as long as they take; its breakers are
        // configured once it is up (it is not ready before then anyway). On its own it is up already.
        if (cluster.Enabled)
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => _ = EnsureAsync(config.Settings, CancellationToken.None));
        else
            await EnsureAsync(config.Settings, cancellationToken);
    }

    private void OnReload(GatewaySettings settings) =>
        // The swap already happened; the breakers follow without holding up the thread that swapped.
        _ = EnsureAsync(settings, CancellationToken.None);

    private IReadOnlySet<string> _listed = new HashSet<string>(StringComparer.Ordinal);

    private async Task EnsureAsync(GatewaySettings settings, CancellationToken cancellationToken)
    {
        var breakers = await registry.GetAsync(cancellationToken);
        var roster = BreakerRoster.For(settings.Routes);
        var listed = roster.Select(b => b.Upstream).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _listed.Where(upstream => !listed.Contains(upstream))) breakers.Tell(new Retire(gone));
        _listed = listed;
        try
        {
            var configured = await Task.WhenAll(roster.Select(configure => breakers.Ask<Configured>(configure, EnsureTimeout, cancellationToken)));
            // Breakers living on other nodes published before this node subscribed: their states come from the answers.
            foreach (var answer in configured) keeper.ActorRef.Tell(answer.AsUpdate());
            LogEnsured(roster.Count);
        }
        catch (AskTimeoutException)
        {
            // Not fatal: a breaker missing here is created by the first report or probe request.
            LogEnsureTimedOut(EnsureTimeout);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        config.Replaced -= OnReload;
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Circuit breakers ready: {Count} (one per route and upstream)")]
    private partial void LogEnsured(int count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Circuit breakers not confirmed within {Timeout}; they will be created on first use")]
    private partial void LogEnsureTimedOut(TimeSpan timeout);
}



/// <summary>The complete set of breakers the routes call for, at start-up and after a reload.</summary>
public static class BreakerRoster
{
    /// <summary>One breaker per (route, upstream), each with its route's circuit-breaker settings.</summary>
    public static IReadOnlyList<Configure> For(IEnumerable<RouteSettings> routes) =>
        routes.SelectMany(route => route.Upstreams.Select((_, i) => new Configure(BreakerKey.For(route, i), route.CircuitBreaker)))
            // A route listing the same upstream twice shares one breaker between the two entries.
            .DistinctBy(b => b.Upstream, StringComparer.Ordinal)
            .ToList();
}
