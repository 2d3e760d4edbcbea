namespace Gateway.Web.Hosting;

// Akka.Hosting registry keys for the top-level actors; endpoints take IRequiredActor<T> of these.

/// <summary>The rate-limiter registry: one child per (policy, client key).</summary>
public sealed class RateLimiterActor;

/// <summary>The response cache: one child per cache key.</summary>
public sealed class ResponseCacheActor;

/// <summary>The circuit-breaker registry: one child per upstream.</summary>
public sealed class CircuitBreakerActor;

/// <summary>The WebSocket relay supervisor: one child per proxied connection.</summary>
public sealed class WebSocketRelayActor;
