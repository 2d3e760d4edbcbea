using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Gateway.Actors;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Balancing;
using Gateway.Web.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Observability;
using Gateway.Web.RateLimiting;
using Gateway.Web.WebSockets;

namespace Gateway.Web.Hosting;

/// <summary>Creates the top-level actors and the shard regions, and registers them under their keys.</summary>
public static class GatewayActors
{
    private static readonly ShardOptions EntitiesPassivateThemselves = new()
    {
        // Each entity knows when it has nothing left worth keeping, so sharding's own idle timer stays off.
        ShouldPassivateIdleEntities = false,
        RememberEntities = false,
        Role = ClusterHosting.Role,
    };

    public static AkkaConfigurationBuilder WithGatewayActors(this AkkaConfigurationBuilder akka, GatewaySettings settings, BreakerBoard board,
        CacheBoard cacheBoard, CacheDirectory cacheDirectory, RateLimitBoard rateLimitBoard, LimiterOwnerBoard ownerBoard) =>
        akka
            .WithActors((system, registry) =>
            {
                registry.Register<LeaseDeskActor>(system.ActorOf(RateLimiter.DeskProps(rateLimitBoard), "rate-limit-desk"));
                registry.Register<FallbackLimiterRegion>(system.ActorOf(RateLimiter.FallbackProps(), "rate-limit-fallback"));
                // A node on its own has no other node to lose: its board stays as it starts, every limiter its own.
                registry.Register<LimiterOwnerWatchActor>(settings.Cluster is { Enabled: true, RateLimitFallback: true }
                    ? system.ActorOf(RateLimiter.OwnerWatchProps(ownerBoard), "rate-limit-owner-watch")
                    : ActorRefs.Nobody);
                registry.Register<BreakerBoardKeeperActor>(system.ActorOf(CircuitBreaker.KeeperProps(board, NodeAddress.Of(system)), "breaker-board-keeper"));
                registry.Register<RelaySupervisorActor>(system.ActorOf(WebSocketRelaySupervisor.Props(), "websockets"));
            })
            // One limiter per (policy, client) in the whole cluster.
            .WithShardRegion<RateLimiterRegion>(RateLimiter.ShardTypeName, _ => RateLimiter.EntityProps(), RateLimiter.MessageExtractor,
                EntitiesPassivateThemselves)
            // One breaker per (route, upstream) in the whole cluster, publishing to the other nodes through this
            // node's keeper. On its own a node has nobody to tell: the breaker writes its board and nothing more.
            .WithShardRegion<BreakerRegion>(CircuitBreaker.ShardTypeName,
                (_, registry) => upstream => CircuitBreaker.Props(upstream, settings.Defaults.CircuitBreaker, board,
                    settings.Cluster.Enabled ? registry.Get<BreakerBoardKeeperActor>() : null,
                    passivateAfter: CircuitBreaker.DefaultPassivateAfter),
                CircuitBreaker.MessageExtractor, EntitiesPassivateThemselves)
            // One entity per (cache, key) in the whole cluster, reporting to its node's cache of that id.
            .WithShardRegion<CacheEntityRegion>(ResponseCache.ShardTypeName,
                entityId => ResponseCache.EntityProps(entityId, cacheDirectory), ResponseCache.MessageExtractor,
                EntitiesPassivateThemselves)
            .WithActors((system, registry) =>
            {
                var cache = system.ActorOf(ResponseCache.Props(settings.Defaults.Cache, cacheBoard, CacheDirectory.SharedCacheId,
                    registry.Get<CacheEntityRegion>()), "cache");
                cacheDirectory.Register(CacheDirectory.SharedCacheId, new CacheHome(settings.Defaults.Cache, cacheBoard, cache));
                registry.Register<NodeCacheActor>(cache);
            });

    /// <summary>The actor that turns breaker transitions on the EventStream into metrics.</summary>
    public static AkkaConfigurationBuilder WithOperationsActors(this AkkaConfigurationBuilder akka) =>
        akka.WithActors((system, _, resolver) => system.ActorOf(
            BreakerTransitionListener.Props(resolver.GetService<GatewayMetrics>(), resolver.GetService<RecentTransitions>()),
            "breaker-transition-listener"));
}
