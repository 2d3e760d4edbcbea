namespace Gateway.Web.Caching;

// Akka.Hosting registry keys for the response cache's top-level actors (IRequiredActor<T>), named for what they are.

/// <summary>This node's shared cache (a <c>ResponseCacheActor</c>): passes commands to the key entities, keeps this node's entries and copies.</summary>
public sealed class NodeCacheActor;

/// <summary>The response cache's shard region: one entity per (cache, key) in the cluster.</summary>
public sealed class CacheEntityRegion;
