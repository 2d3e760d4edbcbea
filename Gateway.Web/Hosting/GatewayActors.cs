using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Configuration;

namespace Gateway.Web.Hosting;

/// <summary>Creates the top-level actors and registers them under their keys.</summary>
public static class GatewayActors
{
    public static AkkaConfigurationBuilder WithGatewayActors(this AkkaConfigurationBuilder akka, GatewaySettings settings, BreakerBoard board, CacheBoard cacheBoard, RateLimitBoard rateLimitBoard) =>
        akka.WithActors((system, registry) =>
        {
            registry.Register<RateLimiterActor>(system.ActorOf(RateLimiter.Props(rateLimitBoard), "rate-limiter"));
            registry.Register<ResponseCacheActor>(system.ActorOf(ResponseCache.Props(settings.Defaults.Cache, cacheBoard), "cache"));
            registry.Register<CircuitBreakerActor>(system.ActorOf(CircuitBreaker.RegistryProps(board, settings.Defaults.CircuitBreaker), "circuit-breakers"));
            registry.Register<WebSocketRelayActor>(system.ActorOf(WebSocketRelaySupervisor.Props(), "websockets"));
        });
}
