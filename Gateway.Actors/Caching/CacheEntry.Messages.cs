using System.Collections.Immutable;
using Akka.Actor;
using Gateway.Actors.Wire;

namespace Gateway.Actors.Caching;

/// <summary>
/// Between a node's cache actor (<see cref="ResponseCacheActor"/>) and the key entities
/// (<see cref="CacheEntryActor"/>), which are sharded: one per (cache, key) in the whole cluster, on any node.
/// An entity reports its memory to the node cache of the node it runs on (its home); it talks to the node
/// cache of the node a command came from (the origin) only with the messages marked as crossing nodes.
/// </summary>
internal static class CacheEntry
{
    /// <summary>
    /// Node cache to entity, through the shard region: a request path's command with the cache it is for and
    /// the node cache it came through (the origin, which gets copies, fill settlements and invalidation ends).
    /// The command's sender is the request path's asker, kept as the sender of this envelope.
    /// </summary>
    public sealed record EntryCommand(string CacheId, ResponseCache.IKeyedCommand Command, IActorRef Origin) : IWireMessage
    {
        public string EntityId => CacheShards.EntityIdOf(CacheId, Command.Key);
    }

    /// <summary>
    /// Entity to its home node cache: the bytes it now holds, all its variants together (0: nothing). The node cache
    /// budgets on the latest report. <paramref name="Report"/> numbers the entity's reports; <paramref name="Stored"/>:
    /// a response was stored, which counts as a use of the key (a variant let go of does not).
    /// </summary>
    public sealed record EntryChanged(string Key, long Bytes, long Report = 0, bool Stored = true);

    /// <summary>Entity to its home node cache: replies it sent, for the counters; hits also mark the key recently used.</summary>
    public sealed record Served(string Key, int Hits, int Misses);

    /// <summary>
    /// Home node cache to entity, answering an <see cref="EntryChanged"/> that it kept within the budget: publish what
    /// you hold. Waiting for this means that once a response is served from the board, every eviction it caused
    /// has taken the evicted responses off the board.
    /// </summary>
    /// <paramref name="Report"/>: the <see cref="EntryChanged.Report"/> kept within it; what was stored after it waits for its own.
    public sealed record Admitted(string Key, long Report = 0);

    /// <summary>Home node cache to entity: drop what you hold, the budget needs the room.</summary>
    public sealed record Evict(string Key);

    /// <summary>The message sharding hands an entity that asked to passivate once it is no longer routed to.</summary>
    public sealed record StopEntry
    {
        public static readonly StopEntry Instance = new();
        private StopEntry() { }
    }

    /// <summary>
    /// Entity to another node's cache: the stored response, to keep as that node's copy until it expires or the
    /// entity drops it (<see cref="DropCopy"/>), and the requests of that node to answer from it (a lookup of
    /// a stored key, or requests that waited on a fill). <paramref name="Ticket"/> names the fill it came from.
    /// </summary>
    public sealed record Copy(string Key, ResponseCache.FillTicket Ticket, CachedResponse Entry, ImmutableArray<IActorRef> Requesters, bool Collapsed)
        : IWireMessage;

    /// <summary>Entity to a node cache it gave a copy of the fill <paramref name="Ticket"/>: the entry is gone, drop the copy.</summary>
    public sealed record DropCopy(string Key, ResponseCache.FillTicket Ticket) : IWireMessage;

    /// <summary>
    /// Entity to the origin of a <see cref="ResponseCache.Fill"/>: the entity is done with it. <paramref name="KeepCopy"/>:
    /// stored, and the origin is another node, which keeps the response it sent as its copy (the bytes do not travel back).
    /// </summary>
    public sealed record FillSettled(string Key, ResponseCache.FillTicket Ticket, bool KeepCopy) : IWireMessage;

    /// <summary>
    /// Entity to the origin of an <see cref="ResponseCache.Invalidate"/>: handled, and every copy the entity gave out
    /// has been told to go (before this, so the origin's own copy is gone when this arrives).
    /// </summary>
    public sealed record InvalidationDone(string Key, bool Revoked) : IWireMessage;
}
