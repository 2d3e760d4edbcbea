using Akka.Actor;
using Akka.Cluster.Sharding;
using static Gateway.Actors.Caching.CacheEntryProtocol;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// One cache key in the whole cluster, a sharded entity. Three states:
/// <list type="bullet">
/// <item>Empty: the first lookup gets a <see cref="Miss"/> and a ticket; idle for <c>PassivateAfter</c>, it passivates.</item>
/// <item>Filling: later lookups, from any node, wait (their senders kept here) until the ticket's fill, its
/// abandonment or the <c>fill-wait</c> deadline, whichever comes first: one upstream fill for the cluster.</item>
/// <item>Holding: lookups are hits until the TTL timer fires; then the entry is dropped and the actor passivates.</item>
/// </list>
/// What it holds counts against its home node's budget and is published on that node's <see cref="CacheBoard"/>
/// once admitted (<see cref="Admitted"/>). A request from another node is answered through that node's cache
/// with a <see cref="Copy"/>, which that node serves its hits from until it expires; whenever this entity lets go
/// of what it holds it tells every node it gave a copy to (<see cref="DropCopy"/>).
/// </summary>
internal sealed class CacheEntryActor : ReceiveActor, IWithTimers
{
    private sealed record Waiter(long Id, IActorRef ReplyTo, IActorRef Origin);

    /// <summary>Timer message and key: the fill in progress ran out of time.</summary>
    private sealed record FillDeadline(FillTicket Ticket);

    /// <summary>Timer message and key: one waiter's own MaxWait ran out before the fill deadline.</summary>
    private sealed record WaiterDeadline(long WaiterId);

    private sealed record EntryExpired
    {
        public static readonly EntryExpired Instance = new();
    }

    /// <summary>Timer message: the time an expired entry is kept (<see cref="CachedResponse.KeepStale"/>) is over.</summary>
    private sealed record StaleTimeOver
    {
        public static readonly StaleTimeOver Instance = new();
    }

    private const string FillDeadlineKey = "fill-deadline";
    private const string TtlKey = "ttl";

    private readonly string _cacheId;
    private readonly string _key;
    private readonly CacheDirectory _directory;
    private readonly CacheHome _home;
    private readonly Settings _settings;
    private readonly CacheBoard _board;
    private readonly List<Waiter> _waiters = [];
    /// <summary>Other nodes' caches holding a copy of the stored entry.</summary>
    private readonly HashSet<IActorRef> _copyHolders = [];
    private long _nextWaiterId;
    /// <summary>Waiters before this one have had their deadline timers cancelled.</summary>
    private long _firstUntimedWaiter;
    private FillTicket? _ticket;
    private DateTimeOffset _fillDeadline;
    private CachedResponse? _entry;
    private FillTicket? _entryTicket;

    public CacheEntryActor(string cacheId, string key, CacheDirectory directory, CacheHome home)
    {
        _cacheId = cacheId;
        _key = key;
        _directory = directory;
        _home = home;
        _settings = home.Settings;
        _board = home.Board;
        Empty();
        Context.SetReceiveTimeout(_settings.PassivateAfter);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The entity for a sharding entity id; one whose cache this node does not have answers without caching.</summary>
    public static Props Props(string entityId, CacheDirectory directory)
    {
        var (cacheId, key) = CacheShards.Parse(entityId);
        return directory.Find(cacheId) is { } home
            ? Akka.Actor.Props.Create(() => new CacheEntryActor(cacheId, key, directory, home))
            : Akka.Actor.Props.Create(() => new HomelessEntry());
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private IActorRef NodeCache => _home.NodeCache;

    private void Empty()
    {
        OnCommands(
            lookup: StartFillOrPass,
            // No fill in progress: every fill's ticket is stale, and there is nothing to abandon.
            staleFill: "stale-ticket",
            endFill: _ => { },
            invalidate: (invalidate, origin) =>
            {
                ConfirmInvalidation(invalidate, origin, removed: false);
                // Nothing here to keep: an entity per unsafe request's URI would otherwise linger.
                Passivate();
            });
        Receive<Evict>(_ => { });
        Receive<Admitted>(_ => { });
        Receive<ReceiveTimeout>(_ => Passivate());
    }

    private void Filling()
    {
        OnCommands(
            lookup: Wait,
            staleFill: "stale-ticket",
            endFill: GiveUpFill,
            invalidate: (invalidate, origin) =>
            {
                GiveUpFill("invalidated");
                ConfirmInvalidation(invalidate, origin, removed: false);
            });
        Receive<Evict>(_ => { });
        Receive<Admitted>(_ => { });
    }

    /// <summary>
    /// Hits, until the entry expires. A request whose own Cache-Control will not take the stored response
    /// (<see cref="Lookup.Freshness"/>) refills the key with a new ticket while everyone else is still served the
    /// stored one; later such requests wait on that refill, which replaces the entry when it completes.
    /// </summary>
    private void Holding()
    {
        OnCommands(
            lookup: (lookup, origin) =>
            {
                // The timers may be a tick behind the clock; never serve past the expiry instant, nor keep past the kept time.
                var now = Now;
                if (now >= _entry!.ExpiresAt + _entry.KeepStale)
                {
                    LetGoOfExpiredEntry();
                    if (_ticket is not null) Wait(lookup, origin);
                    else StartFillOrPass(lookup, origin);
                    return;
                }
                if (_entry.IsStaleAt(now))
                {
                    LookUpStale(lookup, origin, now);
                    return;
                }
                if (lookup.Freshness is { } wanted && !wanted.Accepts(_entry, now))
                {
                    if (_ticket is not null) Wait(lookup, origin);
                    else if (lookup.WillFill) StartFill(lookup, origin);
                    else Pass(lookup, "stale-for-request");
                    return;
                }
                NodeCache.Tell(new Served(_key, Hits: 1, Misses: 0));
                Answer([new Waiter(0, Sender, origin)], collapsed: false);
            },
            staleFill: "already-stored",
            endFill: EndRefill,
            invalidate: (invalidate, origin) =>
            {
                if (_ticket is not null) EndRefill("invalidated");
                Drop();
                ConfirmInvalidation(invalidate, origin, removed: true);
                Passivate();
            });
        Receive<Admitted>(_ => _board.Publish(_key, _entry!));
        Receive<EntryExpired>(_ =>
        {
            // Kept past its freshness to be revalidated or served stale; it goes when that time is over too.
            if (_entry!.KeepStale > TimeSpan.Zero) Timers.StartSingleTimer(TtlKey, StaleTimeOver.Instance, _entry.KeepStale);
            else LetGoOfExpiredEntry(passivateIfIdle: true);
        });
        Receive<StaleTimeOver>(_ => LetGoOfExpiredEntry(passivateIfIdle: true));
        Receive<Evict>(_ => LetGoOfExpiredEntry(passivateIfIdle: true));
    }

    /// <summary>
    /// A lookup of an entry past its freshness but still kept: served stale where the request (<c>max-stale</c>) or
    /// the origin (<c>stale-while-revalidate</c>, with one background refresh) allows it; otherwise the request
    /// waits on a refill under way, or refills the key itself, with the stale entry to revalidate and to fall back
    /// on (<see cref="Miss.Stale"/>).
    /// </summary>
    private void LookUpStale(Lookup lookup, IActorRef origin, DateTimeOffset now)
    {
        var entry = _entry!;
        if (lookup.Freshness?.AcceptsStale(entry, now) == true)
        {
            ServeStale([new Waiter(0, Sender, origin)], "max-stale");
            return;
        }
        if (!entry.MustRevalidate && now - entry.ExpiresAt < entry.StaleWhileRevalidate)
        {
            var refresh = _ticket is null && lookup.WillFill ? BeginFill() : null;
            ServeStale([new Waiter(0, Sender, origin)], "stale-while-revalidate", refresh);
            return;
        }
        if (_ticket is not null) Wait(lookup, origin);
        else if (lookup.WillFill) StartFill(lookup, origin, stale: entry);
        else Pass(lookup, "stale");
    }

    /// <summary>The stale entry to each waiter, straight (a stale entry is never kept as another node's copy).</summary>
    private void ServeStale(IReadOnlyList<Waiter> waiters, string reason, FillTicket? refresh = null)
    {
        NodeCache.Tell(new Served(_key, Hits: waiters.Count, Misses: 0));
        var age = _entry!.AgeAt(Now);
        foreach (var waiter in waiters)
        {
            waiter.ReplyTo.Tell(new Hit(_key, _entry, age) { StaleReason = reason, Refresh = refresh });
            refresh = null;
        }
    }

    /// <summary>The entry goes; a refill under way carries on as the key's fill, its waiters with it.</summary>
    private void LetGoOfExpiredEntry(bool passivateIfIdle = false)
    {
        Drop();
        if (_ticket is not null) Become(Filling);
        else if (passivateIfIdle) Passivate();
        else BecomeEmpty();
    }

    /// <summary>
    /// A refill given up: its waiters go upstream themselves, the stored entry stays. When the upstream failed and
    /// the entry is stale within its stale-if-error window (RFC 5861 §4), they are served the stale entry instead.
    /// </summary>
    private void EndRefill(string reason)
    {
        var now = Now;
        if (_waiters.Count > 0 && _entry is { } entry && entry.ServesOnErrorAt(now) && UpstreamFailures.Contains(reason))
        {
            ServeStale(_waiters, "stale-if-error");
            _waiters.Clear();
        }
        else ReleaseWaiters(reason);
        EndFill();
    }

    /// <summary>Abandonment reasons that mean the upstream could not answer (the filler's tokens, and the fill deadline).</summary>
    private static readonly HashSet<string> UpstreamFailures =
        new(StringComparer.Ordinal) { "upstream-unreachable", "upstream-timeout", "upstream-failed", "upstream-error", "stale-if-error", "fill-wait-expired" };

    /// <summary>Asked to stop: commands that still reach this incarnation go back to the shard, which hands them to the next.</summary>
    private void Leaving()
    {
        Receive<EntryCommand>(command => Context.Parent.Forward(command));
        Receive<StopEntry>(_ => Context.Stop(Self));
        // Timers and reports meant for the entity it was.
        ReceiveAny(_ => { });
    }

    /// <summary>
    /// The request path's commands, and the fill's deadlines, in every state but leaving. The fill with the current
    /// ticket completes; any other is refused with <paramref name="staleFill"/>. The current fill's abandonment or
    /// deadline ends it with <paramref name="endFill"/>. An entry whose node cache has been replaced (its route was
    /// redefined by a reload) lets go of everything and passes the command on to its successor.
    /// </summary>
    private void OnCommands(Action<Lookup, IActorRef> lookup, string staleFill, Action<string> endFill, Action<Invalidate, IActorRef> invalidate)
    {
        Action<Fill, IActorRef> fill = (fill, origin) =>
        {
            if (fill.Ticket == _ticket) Complete(fill, origin);
            else Refuse(fill, origin, staleFill);
        };
        Action<AbandonFill> abandon = abandon =>
        {
            if (abandon.Ticket == _ticket) endFill(abandon.Reason);
        };
        Receive<FillDeadline>(deadline => deadline.Ticket == _ticket, _ => endFill("fill-wait-expired"));
        Receive<WaiterDeadline>(deadline => ReleaseWaiter(deadline.WaiterId));
        Receive<EntryCommand>(_ => !IsCurrentHome(), command =>
        {
            Retire();
            Context.Parent.Forward(command);
        });
        Receive<EntryCommand>(command =>
        {
            switch (command.Command)
            {
                case Lookup l: lookup(l, command.Origin); break;
                case Fill f: fill(f, command.Origin); break;
                case AbandonFill a: abandon(a); break;
                case Invalidate i: invalidate(i, command.Origin); break;
            }
        });
        Receive<StopEntry>(_ => Context.Stop(Self));
    }

    private bool IsCurrentHome() => ReferenceEquals(_directory.Find(_cacheId), _home);

    private void StartFillOrPass(Lookup lookup, IActorRef origin)
    {
        if (!lookup.WillFill)
        {
            Pass(lookup, "not-stored");
            return;
        }
        StartFill(lookup, origin);
        Context.SetReceiveTimeout(null);
        Become(Filling);
    }

    private void Pass(Lookup lookup, string reason)
    {
        NodeCache.Tell(new Served(_key, Hits: 0, Misses: 1));
        Sender.Tell(new GoUpstream(lookup.Key, reason));
    }

    /// <summary>This request fills the key: a new ticket, and a deadline by which its fill must come.</summary>
    private void StartFill(Lookup lookup, IActorRef origin, CachedResponse? stale = null)
    {
        NodeCache.Tell(new Served(_key, Hits: 0, Misses: 1));
        Sender.Tell(new Miss(_key, BeginFill()) { Stale = stale });
    }

    private FillTicket BeginFill()
    {
        _ticket = FillTicket.Next();
        _fillDeadline = Now + _settings.FillWait;
        Timers.StartSingleTimer(FillDeadlineKey, new FillDeadline(_ticket), _settings.FillWait);
        return _ticket;
    }

    private void Wait(Lookup lookup, IActorRef origin)
    {
        var maxWait = lookup.MaxWait ?? _settings.FillWait;
        if (maxWait <= TimeSpan.Zero)
        {
            NodeCache.Tell(new Served(_key, Hits: 0, Misses: 1));
            Sender.Tell(new GoUpstream(_key, "fill-in-progress"));
            return;
        }
        var waiter = new Waiter(_nextWaiterId++, Sender, origin);
        _waiters.Add(waiter);
        // The fill deadline releases everyone; a timer per waiter only for those who asked to wait less.
        if (Now + maxWait < _fillDeadline)
            Timers.StartSingleTimer(new WaiterDeadline(waiter.Id), new WaiterDeadline(waiter.Id), maxWait);
    }

    private void Complete(Fill fill, IActorRef origin)
    {
        var entry = fill.Entry;
        var remaining = entry.ExpiresAt - Now;
        // Checked here as well as in the node cache so an entity never holds more than the limit.
        var refusal = entry.SizeBytes > _settings.MaxEntryBytes ? "too-large"
            : remaining <= TimeSpan.Zero ? "expired"
            : null;
        if (refusal is not null)
        {
            Refuse(fill, origin, refusal);
            // A refill that cannot be stored leaves the stored entry as it was.
            if (_entry is not null) EndRefill(refusal);
            else GiveUpFill(refusal);
            return;
        }

        // A refill replaces the stored entry: the old one and its copies go first.
        Drop();
        var waiters = _waiters.ToList();
        _waiters.Clear();
        EndFill();
        _entry = entry;
        _entryTicket = fill.Ticket;
        Timers.StartSingleTimer(TtlKey, EntryExpired.Instance, remaining < entry.TimeToLive ? remaining : entry.TimeToLive);
        NodeCache.Tell(new EntryChanged(_key, entry.SizeBytes));
        var fromElsewhere = !origin.Equals(NodeCache);
        if (fromElsewhere) _copyHolders.Add(origin);
        origin.Tell(new FillSettled(_key, fill.Ticket, KeepCopy: fromElsewhere));
        if (waiters.Count > 0)
            NodeCache.Tell(new Served(_key, Hits: waiters.Count, Misses: 0));
        Answer(waiters, collapsed: true);
        ReplyIfAsked(new Stored(_key, entry.SizeBytes));
        Become(Holding);
    }

    /// <summary>
    /// Hits: straight to this node's requests; to another node's in one <see cref="Copy"/> per node, which that
    /// node keeps and answers them from.
    /// </summary>
    private void Answer(IReadOnlyList<Waiter> waiters, bool collapsed)
    {
        var age = _entry!.AgeAt(Now);
        foreach (var byOrigin in waiters.GroupBy(w => w.Origin))
        {
            if (byOrigin.Key.Equals(NodeCache))
            {
                foreach (var waiter in byOrigin) waiter.ReplyTo.Tell(new Hit(_key, _entry, age, collapsed));
                continue;
            }
            _copyHolders.Add(byOrigin.Key);
            byOrigin.Key.Tell(new Copy(_key, _entryTicket!, _entry, [.. byOrigin.Select(w => w.ReplyTo)], collapsed));
        }
    }

    private void Refuse(Fill fill, IActorRef origin, string reason)
    {
        origin.Tell(new FillSettled(_key, fill.Ticket, KeepCopy: false));
        ReplyIfAsked(new NotStored(_key, reason));
    }

    private void ConfirmInvalidation(Invalidate invalidate, IActorRef origin, bool removed)
    {
        // After the drops Drop sent, so the origin's own copy is gone before it ends its revocation.
        origin.Tell(new InvalidationDone(_key, invalidate.Revoked));
        ReplyIfAsked(new ResponseCache.Invalidated(_key, removed));
    }

    private void GiveUpFill(string reason)
    {
        ReleaseWaiters(reason);
        EndFill();
        BecomeEmpty();
    }

    private void ReleaseWaiters(string reason)
    {
        if (_waiters.Count > 0)
            NodeCache.Tell(new Served(_key, Hits: 0, Misses: _waiters.Count));
        foreach (var waiter in _waiters) waiter.ReplyTo.Tell(new GoUpstream(_key, reason));
        _waiters.Clear();
    }

    private void BecomeEmpty()
    {
        Context.SetReceiveTimeout(_settings.PassivateAfter);
        Become(Empty);
    }

    private void ReleaseWaiter(long waiterId)
    {
        var index = _waiters.FindIndex(w => w.Id == waiterId);
        if (index < 0) return;
        var waiter = _waiters[index];
        _waiters.RemoveAt(index);
        NodeCache.Tell(new Served(_key, Hits: 0, Misses: 1));
        waiter.ReplyTo.Tell(new GoUpstream(_key, "fill-wait-expired"));
    }

    /// <summary>No fill in progress any more. The waiters have been answered; their timers and the fill's deadline go.</summary>
    private void EndFill()
    {
        _ticket = null;
        Timers.Cancel(FillDeadlineKey);
        for (var id = _firstUntimedWaiter; id < _nextWaiterId; id++) Timers.Cancel(new WaiterDeadline(id));
        _firstUntimedWaiter = _nextWaiterId;
    }

    /// <summary>The memory goes now; the actor follows once the shard has stopped routing to it.</summary>
    private void DropAndPassivate()
    {
        Drop();
        Passivate();
    }

    /// <summary>Lets go of the stored entry: off the board, out of the budget, and every copy told to go.</summary>
    private void Drop()
    {
        Timers.Cancel(TtlKey);
        if (_entry is null) return;
        _board.Withdraw(_key, _entry);
        NodeCache.Tell(new EntryChanged(_key, 0));
        foreach (var holder in _copyHolders) holder.Tell(new DropCopy(_key, _entryTicket!));
        _copyHolders.Clear();
        _entry = null;
        _entryTicket = null;
    }

    /// <summary>Everything let go of (waiters sent upstream, entry dropped), then passivated.</summary>
    private void Retire()
    {
        if (_ticket is not null) GiveUpFill("cache-replaced");
        Drop();
        Passivate();
    }

    private void Passivate()
    {
        Context.SetReceiveTimeout(null);
        Timers.CancelAll();
        Become(Leaving);
        Context.Parent.Tell(new Passivate(StopEntry.Instance));
    }

    /// <summary>However it stops (a failure, its node leaving), nothing it held stays published or counted.</summary>
    protected override void PostStop()
    {
        Drop();
        foreach (var waiter in _waiters) waiter.ReplyTo.Tell(new GoUpstream(_key, "entry-stopped"));
        _waiters.Clear();
        base.PostStop();
    }

    private void ReplyIfAsked(object reply)
    {
        if (!Sender.IsNobody()) Sender.Tell(reply);
    }

    /// <summary>
    /// The entity for a key of a cache this node does not have (a route another node has and this one does not,
    /// mid-reload): it caches nothing, so every request goes upstream, and it passivates at once.
    /// </summary>
    private sealed class HomelessEntry : ReceiveActor
    {
        public HomelessEntry()
        {
            Receive<EntryCommand>(command =>
            {
                var key = command.Command.Key;
                switch (command.Command)
                {
                    case Lookup:
                        Sender.Tell(new GoUpstream(key, "cache-unavailable"));
                        break;
                    case Fill fill:
                        command.Origin.Tell(new FillSettled(key, fill.Ticket, KeepCopy: false));
                        if (!Sender.IsNobody()) Sender.Tell(new NotStored(key, "cache-unavailable"));
                        break;
                    case Invalidate invalidate:
                        command.Origin.Tell(new InvalidationDone(key, invalidate.Revoked));
                        if (!Sender.IsNobody()) Sender.Tell(new ResponseCache.Invalidated(key, false));
                        break;
                }
            });
            Receive<StopEntry>(_ => Context.Stop(Self));
            Context.Parent.Tell(new Passivate(StopEntry.Instance));
        }
    }
}
