namespace Gateway.Web.Balancing;

// Akka.Hosting registry keys for the circuit breaker's top-level actors (IRequiredActor<T>), named for what they are.

/// <summary>The circuit breakers' shard region: one entity (a <c>CircuitBreakerActor</c>) per (route, upstream) in the cluster.</summary>
public sealed class BreakerRegion;

/// <summary>This node's breaker board keeper: publishes its breakers' updates, writes everyone else's to the board.</summary>
public sealed class BreakerBoardKeeperActor;
