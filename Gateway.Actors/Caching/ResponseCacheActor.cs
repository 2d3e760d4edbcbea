using Akka.Actor;
using Akka.Cluster;
using static Gateway.Actors.Caching.CacheEntry;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// One cache on one node. It passes the request path's commands to the key entities through the shard
/// region (with itself as their origin), and keeps this node's memory for the cache:
/// <list type="bullet">
/// <item>the entries of the entities that live on this node, as they report them (<see cref="EntryChanged"/>);</item>
/// <item>copies of entries whose entity lives on another node (<see cref="Copy"/>, or its own fill that the entity
/// stored, <see cref="FillSettled"/>), one per variant of the key (RFC 9111 §4.1), at most <c>max-variants</c> of a key:
/// published on this node's board until they expire, the entity drops them (<see cref="DropCopy"/>) or the entity's
/// node leaves the cluster.</item>
/// </list>
/// Both count against <c>max-bytes</c> by key (all its variants together), least recently used evicted first, and it
/// counts hits and misses.
/// </summary>
internal sealed class ResponseCacheActor : ReceiveActor, IWithTimers
{
    /// <summary>A copy of one variant kept here; <paramref name="Owner"/> is the address of the entity's node.</summary>
    private sealed record KeptCopy(FillTicket Ticket, CachedResponse Entry, Address Owner, DateTimeOffset KeptAt);

    /// <summary>Timer message: a copy's freshness ran out.</summary>
    private sealed record CopyExpired(string Key, FillTicket Ticket);

    /// <summary>Timer message: a fill sent to its entity was never settled (the entity's node went away).</summary>
    private sealed record FillUnsettled(FillTicket Ticket);

    /// <summary>Timer message: a revocation whose invalidation was never confirmed (the entity's node went away).</summary>
    private sealed record RevocationUnconfirmed(string Key, long Id);

    /// <summary>
    /// How long past <c>fill-wait</c> a fill's response is kept for its entity's answer, and a revocation for its
    /// invalidation's: room for a round trip between nodes; only a lost node takes this long.
    /// </summary>
    private static readonly TimeSpan SettleMargin = TimeSpan.FromSeconds(5);

    private readonly Settings _settings;
    private readonly CacheBoard _board;
    private readonly string _cacheId;
    private readonly IActorRef _entities;
    private readonly Dictionary<string, IActorRef> _owned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<KeptCopy>> _copies = new(StringComparer.Ordinal);
    private readonly Dictionary<FillTicket, (string Key, CachedResponse Entry)> _fillsInFlight = [];
    private readonly Dictionary<string, Queue<long>> _revocations = new(StringComparer.Ordinal);
    private readonly LruByteLedger _ledger = new();
    private long _nextRevocation;
    private long _hits;
    private long _misses;

    public ResponseCacheActor(Settings settings, CacheBoard board, string cacheId, IActorRef entities)
    {
        _settings = settings;
        _board = board;
        _cacheId = cacheId;
        _entities = entities;

        Receive<Fill>(fill => fill.Entry.SizeBytes > _settings.MaxEntryBytes, fill =>
        {
            if (!Sender.IsNobody()) Sender.Tell(new NotStored(fill.Key, "too-large"));
            // The waiters on this fill must still be released.
            Route(new AbandonFill(fill.Key, fill.Ticket, "too-large"), ActorRefs.Nobody);
        });
        Receive<Fill>(fill =>
        {
            // Kept until the entity says whether it stored it: if it did and lives elsewhere, this is our copy.
            _fillsInFlight[fill.Ticket] = (fill.Key, fill.Entry);
            Timers.StartSingleTimer(fill.Ticket, new FillUnsettled(fill.Ticket), _settings.FillWait + SettleMargin);
            Route(fill, Sender);
        });
        Receive<Invalidate>(invalidate =>
        {
            DropCopies(invalidate.Key);
            if (invalidate.Revoked) AwaitConfirmation(invalidate.Key);
            Route(invalidate, Sender);
        });
        Receive<IKeyedCommand>(command => Route(command, Sender));
        Receive<GetStats>(_ => Sender.Tell(new Stats(_ledger.Count, _ledger.TotalBytes, _hits + _board.Hits, _misses)));

        Receive<EntryChanged>(changed => changed.Bytes > 0, changed =>
        {
            DropCopies(changed.Key);
            _owned[changed.Key] = Sender;
            // A variant let go of is no use of the key; one stored is.
            if (changed.Stored || !_ledger.Contains(changed.Key)) _ledger.Set(changed.Key, changed.Bytes, Now);
            else _ledger.Resize(changed.Key, changed.Bytes);
            EvictToBudget();
            if (_ledger.Contains(changed.Key)) Sender.Tell(new Admitted(changed.Key, changed.Report));
        });
        Receive<EntryChanged>(changed =>
        {
            // Only the incarnation that holds the key may clear it; a stopped one's late report is stale.
            if (!_owned.TryGetValue(changed.Key, out var owner) || !owner.Equals(Sender)) return;
            _owned.Remove(changed.Key);
            _ledger.Remove(changed.Key);
        });
        Receive<Served>(served =>
        {
            _hits += served.Hits;
            _misses += served.Misses;
            if (served.Hits > 0) _ledger.Touch(served.Key, Now);
        });

        Receive<Copy>(copy =>
        {
            Keep(copy.Key, copy.Ticket, copy.Entry, Sender.Path.Address);
            _hits += copy.Requesters.Length;
            var age = copy.Entry.AgeAt(Now);
            foreach (var requester in copy.Requesters) requester.Tell(new Hit(copy.Key, copy.Entry, age, copy.Collapsed) { CrossNode = true });
        });
        Receive<DropCopy>(drop => DropCopy(drop.Key, drop.Ticket));
        Receive<CopyExpired>(expired => DropCopy(expired.Key, expired.Ticket));
        Receive<FillSettled>(settled =>
        {
            if (!_fillsInFlight.Remove(settled.Ticket, out var fill)) return;
            Timers.Cancel(settled.Ticket);
            if (settled.KeepCopy) Keep(fill.Key, settled.Ticket, fill.Entry, Sender.Path.Address);
        });
        Receive<FillUnsettled>(unsettled => _fillsInFlight.Remove(unsettled.Ticket));
        Receive<InvalidationDone>(done =>
        {
            if (!done.Revoked || !_revocations.TryGetValue(done.Key, out var pending)) return;
            Timers.Cancel(new RevocationUnconfirmed(done.Key, pending.Dequeue()));
            EndRevocation(done.Key, pending);
        });
        Receive<RevocationUnconfirmed>(unconfirmed =>
        {
            // Confirmations come in order, so an unconfirmed one is the oldest pending for its key.
            if (!_revocations.TryGetValue(unconfirmed.Key, out var pending) || pending.Peek() != unconfirmed.Id) return;
            pending.Dequeue();
            EndRevocation(unconfirmed.Key, pending);
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            // Copies live no longer than the entity that gave them out could tell them to go.
            foreach (var (key, kept) in _copies.ToList())
                foreach (var copy in kept.FindAll(c => c.Owner == removed.Member.Address)) DropCopy(key, copy.Ticket);
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>Actor tests run without a cluster; a gateway node is always one (of one, at least).</summary>
    private bool InCluster => ((ExtendedActorSystem)Context.System).Provider is IClusterActorRefProvider;

    protected override void PreStart()
    {
        if (InCluster)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        if (InCluster)
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        // Stopped whole (its route redefined): what it published goes with it.
        foreach (var key in _copies.Keys) _board.Withdraw(key);
        base.PostStop();
    }

    private void Route(IKeyedCommand command, IActorRef sender) => _entities.Tell(new EntryCommand(_cacheId, command, Self), sender);

    /// <summary>
    /// Keeps another node's entry as this node's copy of its variant, published on the board while it is fresh. It takes
    /// the place of a copy of the same variant; past <c>max-variants</c> copies of the key, the least recently used goes.
    /// </summary>
    private void Keep(string key, FillTicket ticket, CachedResponse entry, Address owner)
    {
        var remaining = entry.ExpiresAt - Now;
        if (_owned.ContainsKey(key) || remaining <= TimeSpan.Zero) return;
        if (_copies.TryGetValue(key, out var kept) && kept.Exists(c => c.Ticket == ticket))
        {
            _ledger.Touch(key, Now);
            return;
        }
        foreach (var same in CopiesOf(key).FindAll(c => VaryValue.SameIdentity(c.Entry.Vary, entry.Vary))) DropCopy(key, same.Ticket);
        while (CopiesOf(key) is { Count: > 0 } copies && copies.Count >= _settings.MaxVariants) DropCopy(key, LeastRecentlyUsed(key, copies).Ticket);

        if (!_copies.TryGetValue(key, out kept)) _copies[key] = kept = [];
        kept.Add(new KeptCopy(ticket, entry, owner, Now));
        _ledger.Set(key, BytesOf(kept), Now);
        Timers.StartSingleTimer(CopyTimerKey(key, ticket), new CopyExpired(key, ticket), remaining);
        EvictToBudget();
        // A revocation pending for the key keeps it off the board: the copy may predate the invalidation.
        if (_ledger.Contains(key) && !_board.Publish(key, entry)) DropCopy(key, ticket);
    }

    private List<KeptCopy> CopiesOf(string key) => _copies.TryGetValue(key, out var kept) ? kept : [];

    /// <summary>The copy last kept or served from the board the longest ago.</summary>
    private KeptCopy LeastRecentlyUsed(string key, List<KeptCopy> copies) =>
        copies.MinBy(c => _board.LastHit(key, c.Entry) is { } hitAt && hitAt > c.KeptAt ? hitAt : c.KeptAt)!;

    private static long BytesOf(List<KeptCopy> copies) => copies.Sum(c => c.Entry.SizeBytes);

    /// <summary>One variant's copy goes; the key's other copies stay.</summary>
    private void DropCopy(string key, FillTicket ticket)
    {
        if (!_copies.TryGetValue(key, out var kept)) return;
        var at = kept.FindIndex(c => c.Ticket == ticket);
        if (at < 0) return;
        var copy = kept[at];
        kept.RemoveAt(at);
        Timers.Cancel(CopyTimerKey(key, ticket));
        _board.Withdraw(key, copy.Entry);
        if (kept.Count > 0)
        {
            _ledger.Resize(key, BytesOf(kept));
            return;
        }
        _copies.Remove(key);
        _ledger.Remove(key);
    }

    /// <summary>Every copy of the key goes.</summary>
    private void DropCopies(string key)
    {
        foreach (var copy in CopiesOf(key).ToList()) DropCopy(key, copy.Ticket);
    }

    private static (string, string, FillTicket) CopyTimerKey(string key, FillTicket ticket) => ("copy", key, ticket);

    private void AwaitConfirmation(string key)
    {
        if (!_revocations.TryGetValue(key, out var pending)) _revocations[key] = pending = new Queue<long>();
        var id = ++_nextRevocation;
        pending.Enqueue(id);
        Timers.StartSingleTimer(new RevocationUnconfirmed(key, id), new RevocationUnconfirmed(key, id), _settings.FillWait + SettleMargin);
    }

    private void EndRevocation(string key, Queue<long> pending)
    {
        if (pending.Count == 0) _revocations.Remove(key);
        _board.EndRevocation(key);
    }

    private void EvictToBudget()
    {
        // Hits answered from the board are not reported one by one: the board keeps when each key was last hit,
        // and the ledger learns it here, for the keys about to go, so what goes is still the least recently used.
        var catchUps = _ledger.Count;
        while (_ledger.TotalBytes > _settings.MaxBytes && _ledger.TryPeekLeastRecent(out var victim, out var usedAt))
        {
            if (catchUps-- > 0 && _board.LastHit(victim) is { } hitAt && hitAt > usedAt)
            {
                _ledger.TouchEarlier(victim, hitAt);
                continue;
            }
            if (_copies.ContainsKey(victim))
            {
                DropCopies(victim);
                continue;
            }
            _ledger.Remove(victim);
            // Off the board now, so nobody is served it once the response that needed the room is.
            _board.Withdraw(victim);
            if (_owned.Remove(victim, out var entity)) entity.Tell(new Evict(victim));
        }
    }
}
