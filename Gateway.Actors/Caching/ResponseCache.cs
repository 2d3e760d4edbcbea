using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors.Caching;

/// <summary>
/// The response cache protocol. Each node has a cache actor per cache (<see cref="Props(Settings, CacheBoard, string, IActorRef)"/>)
/// that routes by key to one sharded entity per key in the cluster, which holds the key's cached variants
/// (RFC 9111 §4.1: responses told apart by the request fields their Vary names), their TTL timers and the
/// requests waiting on their fills, from every node.
///
/// Per request the web layer Asks <see cref="Lookup"/> once and gets exactly one <see cref="ILookupReply"/>:
/// <list type="bullet">
/// <item><see cref="Hit"/>: answer from <see cref="Hit.Entry"/>, the variant for the lookup's fields; upstream is not contacted.</item>
/// <item><see cref="Miss"/>: this request fills the key (its variant). Forward it, then Tell <see cref="Fill"/> with the
/// ticket (response storable) or <see cref="AbandonFill"/> (not storable, upstream failed, body too big,
/// client gone). Exactly one of the two, always: other requests for the key are waiting on it.</item>
/// <item><see cref="GoUpstream"/>: forward without filling (the fill it waited on was abandoned or did not
/// finish within <c>fill-wait</c>).</item>
/// </list>
/// When a fill is in progress the reply is held back until it completes (the entry actor keeps the
/// waiting senders), so the Ask timeout must exceed <c>fill-wait</c>.
/// </summary>
public static partial class ResponseCache
{
    /// <summary>The sharded key entities' type name: one entity per (cache, key) in the whole cluster.</summary>
    public const string ShardTypeName = "cache";

    /// <summary>Which shard and entity a command for a key goes to (the node caches wrap every command for it).</summary>
    public static IMessageExtractor MessageExtractor { get; } = new CacheShards();

    /// <summary>The shard (0 to <see cref="CacheShards.ShardCount"/> − 1) that holds a cache's key entity, the same on every node.</summary>
    public static int ShardOf(string cacheId, string key) => ((CacheShards)MessageExtractor).ShardIndexOf(CacheShards.EntityIdOf(cacheId, key));

    /// <summary>The key entity sharding starts for <paramref name="entityId"/>, reporting to this node's cache of that id.</summary>
    public static Props EntityProps(string entityId, CacheDirectory directory) => CacheEntryActor.Props(entityId, directory);

    /// <summary>
    /// One cache on this node (<see cref="ResponseCacheActor"/>): the request path's commands go through it to
    /// the key entities in <paramref name="entities"/> (the shard region), and it keeps this node's memory.
    /// Register it in the node's <see cref="CacheDirectory"/> under <paramref name="cacheId"/> with <paramref name="board"/>.
    /// </summary>
    public static Props Props(Settings settings, CacheBoard board, string cacheId, IActorRef entities) =>
        Akka.Actor.Props.Create(() => new ResponseCacheActor(settings, board, cacheId, entities));
}
