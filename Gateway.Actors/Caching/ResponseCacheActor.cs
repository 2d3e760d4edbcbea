using Akka.Actor;
using Akka.Cluster;
using static Gateway.Actors.Caching.CacheEntryProtocol;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// One cache on one node. It passes the request path's commands to the key entities through the shard
/// region (with itself as their origin), and keeps this node's memory for the cache:
/// <list type="bullet">
/// <item>the entries of the entities that live on this node, as they report them (<see cref="EntryChanged"/>);</item>
/// <item>copies of entries whose entity lives on another node (<see cref="Copy"/>, or its own fill that the entity
/// stored, <see cref="FillSettled"/>): published on this node's board until they expire, the entity drops them
/// (<see cref="DropCopy"/>) or the entity's node leaves the cluster.</item>
/// </list>
/// Both count against <c>max-bytes</c>, least recently used evicted first, and it counts hits and misses.
/// </summary>
internal sealed class ResponseCacheActor : ReceiveActor, IWithTimers
{
    /// <summary>A copy kept here; <paramref name="Owner"/> is the address of the entity's node.</summary>
    private sealed record KeptCopy(FillTicket Ticket, CachedResponse Entry, Address Owner);

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
    private readonly Dictionary<string, KeptCopy> _copies = new(StringComparer.Ordinal);
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
            DropCopy(invalidate.Key);
            if (invalidate.Revoked) AwaitConfirmation(invalidate.Key);
            Route(invalidate, Sender);
        });
        Receive<IKeyedCommand>(command => Route(command, Sender));
        Receive<GetStats>(_ => Sender.Tell(new Stats(_ledger.Count, _ledger.TotalBytes, _hits + _board.Hits, _misses)));

        Receive<EntryChanged>(changed => changed.Bytes > 0, changed =>
        {
            DropCopy(changed.Key);
            _owned[changed.Key] = Sender;
            _ledger.Set(changed.Key, changed.Bytes, Now);
            EvictToBudget();
            if (_ledger.Contains(changed.Key)) Sender.Tell(new Admitted(changed.Key));
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
        Receive<DropCopy>(drop =>
        {
            if (_copies.TryGetValue(drop.Key, out var kept) && kept.Ticket == drop.Ticket) DropCopy(drop.Key);
        });
        Receive<CopyExpired>(expired =>
        {
            if (_copies.TryGetValue(expired.Key, out var kept) && kept.Ticket == expired.Ticket) DropCopy(expired.Key);
        });
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
                if (kept.Owner == removed.Member.Address) DropCopy(key);
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

    /// <summary>Keeps another node's entry as this node's copy, published on the board while it is fresh.</summary>
    private void Keep(string key, FillTicket ticket, CachedResponse entry, Address owner)
    {
        var remaining = entry.ExpiresAt - Now;
        if (_owned.ContainsKey(key) || remaining <= TimeSpan.Zero) return;
        DropCopy(key);
        _copies[key] = new KeptCopy(ticket, entry, owner);
        _ledger.Set(key, entry.SizeBytes, Now);
        Timers.StartSingleTimer(CopyTimerKey(key), new CopyExpired(key, ticket), remaining);
        EvictToBudget();
        // A revocation pending for the key keeps it off the board: the copy may predate the invalidation.
        if (!_ledger.Contains(key) || !_board.Publish(key, entry)) DropCopy(key);
    }

    private void DropCopy(string key)
    {
        if (!_copies.Remove(key, out var kept)) return;
        Timers.Cancel(CopyTimerKey(key));
        _ledger.Remove(key);
        _board.Withdraw(key, kept.Entry);
    }

    private static (string, string) CopyTimerKey(string key) => ("copy", key);

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
                DropCopy(victim);
                continue;
            }
            _ledger.Remove(victim);
            // Off the board now, so nobody is served it once the response that needed the room is.
            _board.Withdraw(victim);
            if (_owned.Remove(victim, out var entity)) entity.Tell(new Evict(victim));
        }
    }
}
