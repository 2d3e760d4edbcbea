using Akka.Cluster.Hosting;
using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Configuration;

namespace Gateway.Web.Hosting;

/// <summary>Creates the top-level actors and the shard regions, and registers them under their keys.</summary>
public static class GatewayActors
{
    public static AkkaConfigurationBuilder WithGatewayActors(this AkkaConfigurationBuilder akka, GatewaySettings settings, BreakerBoard board, CacheBoard cacheBoard, RateLimitBoard rateLimitBoard) =>
        akka
            // One limiter per (policy, client) in the whole cluster. Idle limiters passivate themselves
            // (they know when nothing they remember still counts), so sharding's own idle timer stays off.
            .WithShardRegion<RateLimiterActor>(RateLimiter.ShardTypeName, _ => RateLimiter.EntityProps(), RateLimiter.MessageExtractor,
                new ShardOptions { ShouldPassivateIdleEntities = false, RememberEntities = false, Role = Cluster.ClusterHosting.Role })
            .WithActors((system, registry) =>
        {
            registry.Register<RateLimitDeskActor>(system.ActorOf(RateLimiter.DeskProps(rateLimitBoard), "rate-limit-desk"));
            registry.Register<ResponseCacheActor>(system.ActorOf(ResponseCache.Props(settings.Defaults.Cache, cacheBoard), "cache"));
            registry.Register<CircuitBreakerActor>(system.ActorOf(CircuitBreaker.RegistryProps(board, settings.Defaults.CircuitBreaker), "circuit-breakers"));
            registry.Register<WebSocketRelayActor>(system.ActorOf(WebSocketRelaySupervisor.Props(), "websockets"));
        });
}
