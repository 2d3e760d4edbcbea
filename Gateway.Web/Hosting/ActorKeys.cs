namespace Gateway.Web.Hosting;

// Akka.Hosting registry keys for the top-level actors; endpoints take IRequiredActor<T> of these.

/// <summary>The rate limiter's shard region: one entity per (policy, client key) in the cluster.</summary>
public sealed class RateLimiterActor;

/// <summary>This node's fallback limiters: decide a client's requests here while its own limiter is out of reach.</summary>
public sealed class RateLimitFallbackActor;

/// <summary>This node's limiter owner watch: the only writer of the node's limiter owner board (Nobody without a cluster or fallback).</summary>
public sealed class LimiterOwnerWatchActor;

/// <summary>This node's rate-limit lease desk: the only writer of the node's rate-limit board.</summary>
public sealed class RateLimitDeskActor;

/// <summary>This node's shared response cache: passes commands to the key entities, keeps this node's entries and copies.</summary>
public sealed class ResponseCacheActor;

/// <summary>The response cache's shard region: one entity per (cache, key) in the cluster.</summary>
public sealed class CacheEntityRegion;

/// <summary>The circuit breaker's shard region: one entity per (route, upstream) in the cluster.</summary>
public sealed class CircuitBreakerActor;

/// <summary>This node's breaker board keeper: publishes its breakers' updates, writes everyone else's to the board.</summary>
public sealed class BreakerKeeperActor;

/// <summary>The WebSocket relay supervisor: one child per proxied connection.</summary>
public sealed class WebSocketRelayActor;
