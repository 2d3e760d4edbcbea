using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using static Gateway.Actors.Caching.CacheEntry;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// One cache key in the whole cluster, a sharded entity. It holds up to <c>max-variants</c> variants of the key
/// (RFC 9111 §4.1, <see cref="CacheVariant"/>), each picked by the request fields its response's <c>Vary</c> names:
/// <list type="bullet">
/// <item>A lookup is given the most recent stored variant its request matches: a hit while it is fresh, and what
/// <see cref="LookUpStale"/> says once it is not.</item>
/// <item>When none matches, the lookup waits on the fill under way for its variant, or fills it itself (a
/// <see cref="Miss"/>, marked <see cref="Miss.VaryMiss"/> when the key holds other variants). Requests for one variant,
/// from any node, share its one fill until the fill, its abandonment or the <c>fill-wait</c> deadline; requests for
/// another variant do not wait on it. Only a key's first fill is waited on by every request, since until a response
/// says what the key varies on nobody knows which requests it will answer: the waiters it does not match are looked
/// up again when it arrives, and fill their own variants.</item>
/// <item>A variant more than <c>max-variants</c> (or than <c>max-bytes</c> holds) lets go of the least recently
/// used one; each goes when its own time is up; an invalidation drops them all. With nothing stored and no fill,
/// idle for <c>PassivateAfter</c>, the entity passivates.</item>
/// </list>
/// What it holds counts against its home node's budget and is published on that node's <see cref="CacheBoard"/>
/// once admitted (<see cref="Admitted"/>). A request from another node is answered through that node's cache
/// with a <see cref="Copy"/> of its variant, which that node serves its hits from until it expires; whenever this
/// entity lets go of a variant it tells every node it gave a copy of it to (<see cref="DropCopy"/>).
/// </summary>
internal sealed class CacheEntryActor : ReceiveActor, IWithTimers
{
    /// <summary>Timer message and key: a fill ran out of time.</summary>
    private sealed record FillDeadline(FillTicket Ticket);

    /// <summary>Timer message and key: one waiter's own MaxWait ran out before its fill's deadline.</summary>
    private sealed record WaiterDeadline(long WaiterId);

    /// <summary>Timer message: the variant that fill stored is past its freshness.</summary>
    private sealed record EntryExpired(FillTicket EntryTicket);

    /// <summary>Timer message: the time that expired variant is kept (<see cref="CachedResponse.KeepStale"/>) is over.</summary>
    private sealed record StaleTimeOver(FillTicket EntryTicket);

    /// <summary>Timer key of a stored variant's expiry, then of its kept time.</summary>
    private sealed record EntryTimer(FillTicket EntryTicket);

    private readonly string _cacheId;
    private readonly string _key;
    private readonly CacheDirectory _directory;
    private readonly CacheHome _home;
    private readonly Settings _settings;
    private readonly CacheBoard _board;
    private readonly List<CacheVariant> _variants = [];
    private long _nextWaiterId;
    private long _stores;
    private long _reports;

    public CacheEntryActor(string cacheId, string key, CacheDirectory directory, CacheHome home)
    {
        _cacheId = cacheId;
        _key = key;
        _directory = directory;
        _home = home;
        _settings = home.Settings;
        _board = home.Board;
        Active();
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

    /// <summary>
    /// Every state but leaving. An entry whose node cache has been replaced (its route was redefined by a reload)
    /// lets go of everything and passes the command on to its successor.
    /// </summary>
    private void Active()
    {
        Receive<EntryCommand>(_ => !IsCurrentHome(), command =>
        {
            Retire();
            Context.Parent.Forward(command);
        });
        Receive<EntryCommand>(command =>
        {
            switch (command.Command)
            {
                case Lookup lookup: LookUp(new CacheAsker(lookup, Sender, command.Origin)); break;
                case Fill fill: OnFill(fill, command.Origin); break;
                case AbandonFill abandon: EndFill(FilledBy(abandon.Ticket), abandon.Reason); break;
                case Invalidate invalidate: OnInvalidate(invalidate, command.Origin); break;
            }
        });
        Receive<FillDeadline>(deadline => EndFill(FilledBy(deadline.Ticket), "fill-wait-expired"));
        Receive<WaiterDeadline>(deadline => ReleaseWaiter(deadline.WaiterId));
        Receive<Admitted>(Publish);
        Receive<EntryExpired>(expired =>
        {
            if (StoredBy(expired.EntryTicket) is not { Entry: { } entry } variant) return;
            // Kept past its freshness to be revalidated or served stale; it goes when that time is over too, counted
            // from the expiry, not from whenever this timer was handled.
            var keptFor = entry.ExpiresAt + entry.KeepStale - Now;
            if (keptFor > TimeSpan.Zero)
                Timers.StartSingleTimer(new EntryTimer(expired.EntryTicket), new StaleTimeOver(expired.EntryTicket), keptFor);
            else LetGoOf(variant, passivateIfIdle: true);
        });
        Receive<StaleTimeOver>(over =>
        {
            if (StoredBy(over.EntryTicket) is { } variant) LetGoOf(variant, passivateIfIdle: true);
        });
        Receive<Evict>(_ =>
        {
            var stored = _variants.FindAll(v => v.Entry is not null);
            if (stored.Count == 0) return;
            foreach (var variant in stored) LetGoOfEntry(variant);
            ReportBytes(stored: false);
            if (_variants.Count == 0) Passivate();
        });
        // Armed only while the entity holds nothing.
        Receive<ReceiveTimeout>(_ => Passivate());
        Receive<StopEntry>(_ => Context.Stop(Self));
    }

    /// <summary>Asked to stop: commands that still reach this incarnation go back to the shard, which hands them to the next.</summary>
    private void Leaving()
    {
        Receive<EntryCommand>(command => Context.Parent.Forward(command));
        Receive<StopEntry>(_ => Context.Stop(Self));
        // Timers and reports meant for the entity it was.
        ReceiveAny(_ => { });
    }

    private bool IsCurrentHome() => ReferenceEquals(_directory.Find(_cacheId), _home);

    /// <summary>RFC 9111 §4.1: the most recent stored variant the request matches; else its variant's fill, joined or started.</summary>
    private void LookUp(CacheAsker asker)
    {
        var fields = asker.Lookup.Fields;
        if (StoredFor(fields) is { } stored)
        {
            LookUpStored(stored, asker, Now);
            return;
        }
        // A variant with nothing stored is one being filled.
        if (_variants.Find(v => v.Entry is null && v.Matches(fields)) is { } filling)
        {
            Wait(filling, asker);
            return;
        }
        var varyMiss = _variants.Exists(v => v.Entry is not null);
        if (!asker.Lookup.WillFill) Pass(asker, "not-stored", varyMiss);
        else if (_variants.Count(v => v.Entry is null) >= _settings.MaxVariants) Pass(asker, "variants-filling", varyMiss);
        else
        {
            var variant = new CacheVariant(PredictedIdentity(fields));
            AddVariant(variant);
            StartFill(variant, asker, varyMiss: varyMiss);
        }
    }

    /// <summary>Of the stored variants the request matches, the most recently generated (§4.1), then the most recently stored.</summary>
    private CacheVariant? StoredFor(RequestFields? fields)
    {
        CacheVariant? newest = null;
        foreach (var variant in _variants)
        {
            if (variant.Entry is not { } entry || !variant.Matches(fields)) continue;
            if (newest is null || entry.StoredAt > newest.Entry!.StoredAt
                || (entry.StoredAt == newest.Entry.StoredAt && variant.StoredOrder > newest.StoredOrder))
                newest = variant;
        }
        return newest;
    }

    /// <summary>
    /// Which variant a new fill is for: the request's values of the fields the last stored response varies on (an
    /// origin names the same fields for a URI, as a rule); unknown while nothing is stored, or for a lookup without fields.
    /// Should the response vary otherwise, its waiters are sorted out when it is stored.
    /// </summary>
    private ImmutableArray<CachedHeader>? PredictedIdentity(RequestFields? fields)
    {
        CacheVariant? last = null;
        foreach (var variant in _variants)
            if (variant.Entry is not null && (last is null || variant.StoredOrder > last.StoredOrder)) last = variant;
        return fields is null || last is null ? null : VaryValue.IdentityOf(last.Entry!.Vary.Select(f => f.Name), fields);
    }

    /// <summary>
    /// A stored variant the request matches: a hit while it is fresh. A request whose own Cache-Control will not take
    /// it (<see cref="Lookup.Freshness"/>) refills the variant while everyone else is still served the stored response;
    /// later such requests wait on that refill, which replaces the response when it completes.
    /// </summary>
    private void LookUpStored(CacheVariant variant, CacheAsker asker, DateTimeOffset now)
    {
        var entry = variant.Entry!;
        // The timers may be a tick behind the clock; never serve past the expiry instant, nor keep past the kept time.
        if (now >= entry.ExpiresAt + entry.KeepStale)
        {
            LetGoOf(variant);
            LookUp(asker);
            return;
        }
        if (entry.IsStaleAt(now))
        {
            LookUpStale(variant, asker, now);
            return;
        }
        if (asker.Lookup.Freshness is { } wanted && !wanted.Accepts(entry, now))
        {
            if (variant.IsFilling) Wait(variant, asker);
            else if (asker.Lookup.WillFill) StartFill(variant, asker);
            else Pass(asker, "stale-for-request");
            return;
        }
        Served(hits: 1, misses: 0);
        Answer(variant, [asker], collapsed: false);
    }

    /// <summary>
    /// A lookup of a variant past its freshness but still kept: served stale where the request (<c>max-stale</c>) or
    /// the origin (<c>stale-while-revalidate</c>, with one background refresh) allows it; otherwise the request
    /// waits on a refill under way, or refills the variant itself, with the stale response to revalidate and to fall
    /// back on (<see cref="Miss.Stale"/>).
    /// </summary>
    private void LookUpStale(CacheVariant variant, CacheAsker asker, DateTimeOffset now)
    {
        var entry = variant.Entry!;
        if (asker.Lookup.Freshness?.AcceptsStale(entry, now) == true)
        {
            ServeStale(variant, [asker], "max-stale");
            return;
        }
        if (!entry.MustRevalidate && now - entry.ExpiresAt < entry.StaleWhileRevalidate)
        {
            var refresh = !variant.IsFilling && asker.Lookup.WillFill ? BeginFill(variant) : null;
            ServeStale(variant, [asker], "stale-while-revalidate", refresh);
            return;
        }
        if (variant.IsFilling) Wait(variant, asker);
        else if (asker.Lookup.WillFill) StartFill(variant, asker, stale: entry);
        else Pass(asker, "stale");
    }

    /// <summary>The stale response to each asker, straight (a stale response is never kept as another node's copy).</summary>
    private void ServeStale(CacheVariant variant, IReadOnlyList<CacheAsker> askers, string reason, FillTicket? refresh = null)
    {
        Served(hits: askers.Count, misses: 0);
        var now = Now;
        variant.UsedAt = now;
        var age = variant.Entry!.AgeAt(now);
        foreach (var asker in askers)
        {
            asker.ReplyTo.Tell(new Hit(_key, variant.Entry, age) { StaleReason = reason, Refresh = refresh });
            refresh = null;
        }
    }

    private void Pass(CacheAsker asker, string reason, bool varyMiss = false)
    {
        Served(hits: 0, misses: 1);
        asker.ReplyTo.Tell(new GoUpstream(_key, reason) { VaryMiss = varyMiss });
    }

    /// <summary>This request fills the variant: a new ticket, and a deadline by which its fill must come.</summary>
    private void StartFill(CacheVariant variant, CacheAsker asker, CachedResponse? stale = null, bool varyMiss = false)
    {
        Served(hits: 0, misses: 1);
        asker.ReplyTo.Tell(new Miss(_key, BeginFill(variant)) { Stale = stale, VaryMiss = varyMiss });
    }

    private FillTicket BeginFill(CacheVariant variant)
    {
        var ticket = FillTicket.Next();
        variant.Ticket = ticket;
        variant.FillDeadline = Now + _settings.FillWait;
        Timers.StartSingleTimer(new FillDeadline(ticket), new FillDeadline(ticket), _settings.FillWait);
        return ticket;
    }

    private void Wait(CacheVariant variant, CacheAsker asker)
    {
        var maxWait = asker.Lookup.MaxWait ?? _settings.FillWait;
        if (maxWait <= TimeSpan.Zero)
        {
            Pass(asker, "fill-in-progress");
            return;
        }
        var waiter = new CacheWaiter(_nextWaiterId++, asker, Now + maxWait);
        variant.Waiters.Add(waiter);
        // The fill deadline releases everyone; a timer per waiter only for those who asked to wait less.
        if (waiter.Deadline < variant.FillDeadline)
        {
            waiter.Timed = true;
            Timers.StartSingleTimer(new WaiterDeadline(waiter.Id), new WaiterDeadline(waiter.Id), maxWait);
        }
    }

    private void OnFill(Fill fill, IActorRef origin)
    {
        if (FilledBy(fill.Ticket) is { } variant) Complete(variant, fill, origin);
        else Refuse(fill, origin, _variants.Exists(v => v.Entry is not null) ? "already-stored" : "stale-ticket");
    }

    private void Complete(CacheVariant variant, Fill fill, IActorRef origin)
    {
        var entry = fill.Entry;
        var now = Now;
        var remaining = entry.ExpiresAt - now;
        // Checked here as well as in the node cache so an entity never holds more than the limit.
        var refusal = entry.SizeBytes > _settings.MaxEntryBytes ? "too-large"
            : remaining <= TimeSpan.Zero ? "expired"
            : null;
        if (refusal is not null)
        {
            Refuse(fill, origin, refusal);
            // A refill that cannot be stored leaves the stored response as it was.
            EndFill(variant, refusal);
            return;
        }

        // A refill replaces the stored response (the old one and its copies go first), and so does a response stored
        // for the same fields by another fill (one that did not know yet what the key varies on, say).
        DropEntry(variant);
        foreach (var same in _variants.FindAll(v => v != variant && v.Entry is { } other && VaryValue.SameIdentity(other.Vary, entry.Vary)))
            LetGoOfEntry(same);
        var waiters = variant.Waiters.ToList();
        variant.Waiters.Clear();
        StopFill(variant);
        variant.Store(entry, fill.Ticket, ++_stores, now);
        Timers.StartSingleTimer(new EntryTimer(fill.Ticket), new EntryExpired(fill.Ticket), remaining < entry.TimeToLive ? remaining : entry.TimeToLive);
        var fromElsewhere = !origin.Equals(NodeCache);
        if (fromElsewhere) variant.CopyHolders.Add(origin);
        origin.Tell(new FillSettled(_key, fill.Ticket, KeepCopy: fromElsewhere));
        KeepWithinLimits(variant);
        variant.Report = ReportBytes(stored: true);

        // The waiters this response does not match (it varies on fields whose values they do not share) look up again.
        var matching = waiters.FindAll(w => variant.Matches(w.Asker.Lookup.Fields));
        foreach (var waiter in matching) Dismiss(waiter);
        if (matching.Count > 0) Served(hits: matching.Count, misses: 0);
        Answer(variant, matching.ConvertAll(w => w.Asker), collapsed: true);
        ReplyIfAsked(new Stored(_key, entry.SizeBytes));
        foreach (var waiter in waiters) if (!matching.Contains(waiter)) LookUpAgain(waiter);
    }

    /// <summary>A waiter whose fill stored another variant: looked up afresh, within what is left of its own wait.</summary>
    private void LookUpAgain(CacheWaiter waiter)
    {
        Dismiss(waiter);
        var left = waiter.Deadline - Now;
        var asker = waiter.Asker;
        if (left <= TimeSpan.Zero) Pass(asker, "fill-wait-expired");
        else LookUp(asker with { Lookup = asker.Lookup with { MaxWait = left } });
    }

    /// <summary>
    /// At most <c>max-variants</c> stored, within <c>max-bytes</c> together: the least recently used others go first
    /// (used: stored, or served through this entity or from its node's board; a copy's hits on another node are that node's).
    /// </summary>
    private void KeepWithinLimits(CacheVariant kept)
    {
        while (_variants.Count(v => v.Entry is not null) > _settings.MaxVariants || StoredBytes() > _settings.MaxBytes)
        {
            CacheVariant? victim = null;
            var victimUsedAt = DateTimeOffset.MaxValue;
            foreach (var variant in _variants)
            {
                if (variant == kept || variant.Entry is not { } entry) continue;
                var usedAt = _board.LastHit(_key, entry) is { } hitAt && hitAt > variant.UsedAt ? hitAt : variant.UsedAt;
                if (usedAt < victimUsedAt || (usedAt == victimUsedAt && variant.StoredOrder < victim!.StoredOrder))
                {
                    victim = variant;
                    victimUsedAt = usedAt;
                }
            }
            if (victim is null) return;
            LetGoOfEntry(victim);
        }
    }

    private long StoredBytes()
    {
        long bytes = 0;
        foreach (var variant in _variants) bytes += variant.Entry?.SizeBytes ?? 0;
        return bytes;
    }

    /// <summary>
    /// Hits: straight to this node's requests; to another node's in one <see cref="Copy"/> per node, which that
    /// node keeps and answers them from.
    /// </summary>
    private void Answer(CacheVariant variant, IReadOnlyList<CacheAsker> askers, bool collapsed)
    {
        if (askers.Count == 0) return;
        var now = Now;
        variant.UsedAt = now;
        var entry = variant.Entry!;
        var age = entry.AgeAt(now);
        foreach (var byOrigin in askers.GroupBy(a => a.Origin))
        {
            if (byOrigin.Key.Equals(NodeCache))
            {
                foreach (var asker in byOrigin) asker.ReplyTo.Tell(new Hit(_key, entry, age, collapsed));
                continue;
            }
            variant.CopyHolders.Add(byOrigin.Key);
            byOrigin.Key.Tell(new Copy(_key, variant.EntryTicket!, entry, [.. byOrigin.Select(a => a.ReplyTo)], collapsed));
        }
    }

    private void Refuse(Fill fill, IActorRef origin, string reason)
    {
        origin.Tell(new FillSettled(_key, fill.Ticket, KeepCopy: false));
        ReplyIfAsked(new NotStored(_key, reason));
    }

    /// <summary>
    /// A variant's fill ended without a response to store. Its waiters go upstream themselves; a stored response stays.
    /// When the upstream failed and the stored response is stale within its stale-if-error window (RFC 5861 §4), they
    /// are served it instead.
    /// </summary>
    private void EndFill(CacheVariant? variant, string reason)
    {
        if (variant is null) return;
        if (variant.Waiters.Count > 0 && variant.Entry is { } entry && entry.ServesOnErrorAt(Now) && UpstreamFailures.Contains(reason))
        {
            foreach (var waiter in variant.Waiters) Dismiss(waiter);
            ServeStale(variant, variant.Waiters.ConvertAll(w => w.Asker), "stale-if-error");
            variant.Waiters.Clear();
        }
        else ReleaseWaiters(variant, reason);
        StopFill(variant);
        if (variant.Entry is null) RemoveVariant(variant);
    }

    /// <summary>Abandonment reasons that mean the upstream could not answer (the filler's tokens, and the fill deadline).</summary>
    private static readonly HashSet<string> UpstreamFailures =
        new(StringComparer.Ordinal) { "upstream-unreachable", "upstream-timeout", "upstream-failed", "upstream-error", "stale-if-error", "fill-wait-expired" };

    private void OnInvalidate(Invalidate invalidate, IActorRef origin)
    {
        // §4.4: every variant goes, and every fill under way is revoked (its response may predate the change).
        var removed = LetGoOfEverything("invalidated");
        // After the drops, so the origin's own copies are gone before it ends its revocation.
        origin.Tell(new InvalidationDone(_key, invalidate.Revoked));
        ReplyIfAsked(new ResponseCache.Invalidated(_key, removed));
        // Nothing here to keep: an entity per unsafe request's URI would otherwise linger.
        Passivate();
    }

    private void ReleaseWaiters(CacheVariant variant, string reason)
    {
        if (variant.Waiters.Count > 0) Served(hits: 0, misses: variant.Waiters.Count);
        foreach (var waiter in variant.Waiters)
        {
            Dismiss(waiter);
            waiter.Asker.ReplyTo.Tell(new GoUpstream(_key, reason));
        }
        variant.Waiters.Clear();
    }

    private void ReleaseWaiter(long waiterId)
    {
        foreach (var variant in _variants)
        {
            var index = variant.Waiters.FindIndex(w => w.Id == waiterId);
            if (index < 0) continue;
            var waiter = variant.Waiters[index];
            variant.Waiters.RemoveAt(index);
            Pass(waiter.Asker, "fill-wait-expired");
            return;
        }
    }

    private void Dismiss(CacheWaiter waiter)
    {
        if (waiter.Timed) Timers.Cancel(new WaiterDeadline(waiter.Id));
    }

    /// <summary>No fill under way for the variant any more; its waiters have been answered or moved.</summary>
    private void StopFill(CacheVariant variant)
    {
        if (variant.Ticket is not { } ticket) return;
        Timers.Cancel(new FillDeadline(ticket));
        variant.Ticket = null;
    }

    private CacheVariant? FilledBy(FillTicket ticket) => _variants.Find(v => v.Ticket == ticket);

    private CacheVariant? StoredBy(FillTicket entryTicket) => _variants.Find(v => v.EntryTicket == entryTicket);

    /// <summary>The budget's answer to a report: what was stored up to it may now be published.</summary>
    private void Publish(Admitted admitted)
    {
        foreach (var variant in _variants)
        {
            if (variant.Entry is not { } entry || variant.Published || variant.Report > admitted.Report) continue;
            variant.Published = true;
            _board.Publish(_key, entry);
        }
    }

    /// <summary>Tells the home node cache what all the variants hold now; returns the report's number.</summary>
    private long ReportBytes(bool stored)
    {
        NodeCache.Tell(new EntryChanged(_key, StoredBytes(), ++_reports, stored));
        return _reports;
    }

    private void Served(int hits, int misses) => NodeCache.Tell(new Served(_key, hits, misses));

    /// <summary>A variant's response goes (reported), and the variant with it unless a fill is under way for it.</summary>
    private void LetGoOf(CacheVariant variant, bool passivateIfIdle = false)
    {
        LetGoOfEntry(variant);
        ReportBytes(stored: false);
        if (passivateIfIdle && _variants.Count == 0) Passivate();
    }

    private void LetGoOfEntry(CacheVariant variant)
    {
        DropEntry(variant);
        if (!variant.IsFilling) RemoveVariant(variant);
    }

    /// <summary>Lets go of a variant's stored response: off the board, and every copy told to go. Not reported.</summary>
    private void DropEntry(CacheVariant variant)
    {
        if (variant is not { Entry: { } entry, EntryTicket: { } ticket }) return;
        Timers.Cancel(new EntryTimer(ticket));
        _board.Withdraw(_key, entry);
        foreach (var holder in variant.CopyHolders) holder.Tell(new DropCopy(_key, ticket));
        variant.Forget();
    }

    /// <summary>Every variant goes: waiters sent upstream, fills ended, responses dropped and reported. Whether any was stored.</summary>
    private bool LetGoOfEverything(string reason)
    {
        var removed = false;
        foreach (var variant in _variants)
        {
            ReleaseWaiters(variant, reason);
            StopFill(variant);
            removed |= variant.Entry is not null;
            DropEntry(variant);
        }
        _variants.Clear();
        if (removed) ReportBytes(stored: false);
        return removed;
    }

    private void AddVariant(CacheVariant variant)
    {
        _variants.Add(variant);
        if (_variants.Count == 1) Context.SetReceiveTimeout(null);
    }

    private void RemoveVariant(CacheVariant variant)
    {
        _variants.Remove(variant);
        if (_variants.Count == 0) Context.SetReceiveTimeout(_settings.PassivateAfter);
    }

    /// <summary>Everything let go of, then passivated: the cache this entity reported to was replaced.</summary>
    private void Retire()
    {
        LetGoOfEverything("cache-replaced");
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
        LetGoOfEverything("entry-stopped");
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
