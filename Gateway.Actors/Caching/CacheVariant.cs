using System.Collections.Immutable;
using Akka.Actor;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Caching;

/// <summary>
/// One variant of a key (RFC 9111 §4.1) as its entity (<see cref="CacheEntryActor"/>) keeps it: the response stored
/// for it and the nodes holding a copy, the fill under way for it and the requests waiting on that fill. A variant
/// has at least one of the two; the entity changes it, nothing else does.
/// </summary>
internal sealed class CacheVariant(ImmutableArray<CachedHeader>? identity)
{
    /// <summary>
    /// The fields and values that pick it (<see cref="CachedResponse.Vary"/> once a response is stored). Null while
    /// its first fill is out and no response has said yet what the key varies on: every lookup waits on that fill.
    /// </summary>
    public ImmutableArray<CachedHeader>? Identity { get; private set; } = identity;

    public CachedResponse? Entry { get; private set; }

    /// <summary>The fill that stored <see cref="Entry"/>: names it to the nodes holding a copy.</summary>
    public FillTicket? EntryTicket { get; private set; }

    /// <summary>Other nodes' caches holding a copy of <see cref="Entry"/>.</summary>
    public HashSet<IActorRef> CopyHolders { get; } = [];

    /// <summary>The fill under way, if any.</summary>
    public FillTicket? Ticket { get; set; }

    public DateTimeOffset FillDeadline { get; set; }

    public List<CacheWaiter> Waiters { get; } = [];

    /// <summary>When it was last stored or served through the entity (hits from the board are on the board).</summary>
    public DateTimeOffset UsedAt { get; set; }

    /// <summary>Orders the variants by when they were stored, for ties in use.</summary>
    public long StoredOrder { get; private set; }

    /// <summary>The entity's byte report that counted <see cref="Entry"/>: once admitted, it may be published.</summary>
    public long Report { get; set; }

    public bool Published { get; set; }

    public bool IsFilling => Ticket is not null;

    /// <summary>Whether a request with these fields is given this variant (a lookup without fields is given any).</summary>
    public bool Matches(RequestFields? fields) =>
        fields is null || Identity is not { } identity || VaryValue.Matches(identity, fields);

    public void Store(CachedResponse entry, FillTicket ticket, long order, DateTimeOffset now)
    {
        Entry = entry;
        EntryTicket = ticket;
        Identity = entry.Vary;
        StoredOrder = order;
        UsedAt = now;
        Published = false;
    }

    /// <summary>Forgets the stored response; the caller has taken it off the board and told the copy holders.</summary>
    public void Forget()
    {
        Entry = null;
        EntryTicket = null;
        CopyHolders.Clear();
        Published = false;
    }
}

/// <summary>A lookup being answered: what it asked, who to answer and through which node cache it came.</summary>
internal readonly record struct CacheAsker(Lookup Lookup, IActorRef ReplyTo, IActorRef Origin);

/// <summary>A lookup waiting on a fill, and the instant its own wait ends.</summary>
internal sealed class CacheWaiter(long id, CacheAsker asker, DateTimeOffset deadline)
{
    public long Id { get; } = id;
    public CacheAsker Asker { get; } = asker;
    public DateTimeOffset Deadline { get; } = deadline;

    /// <summary>It has a timer of its own, as its deadline comes before its fill's.</summary>
    public bool Timed { get; set; }
}
