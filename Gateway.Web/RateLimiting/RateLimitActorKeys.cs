namespace Gateway.Web.RateLimiting;

// Akka.Hosting registry keys for the rate limiter's top-level actors (IRequiredActor<T>), named for what they are.

/// <summary>The client limiters' shard region: one entity per (policy, client key) in the cluster.</summary>
public sealed class RateLimiterRegion;

/// <summary>This node's fallback limiters, a local shard: decide a client's requests here while its own limiter is out of reach.</summary>
public sealed class FallbackLimiterRegion;

/// <summary>This node's limiter owner watch: the only writer of the node's limiter owner board (Nobody without a cluster or fallback).</summary>
public sealed class LimiterOwnerWatchActor;

/// <summary>This node's rate-limit lease desk: the only writer of the node's rate-limit board.</summary>
public sealed class LeaseDeskActor;
