using Akka.Actor;
using static Gateway.Actors.Caching.CacheEntryProtocol;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// One cache key. Three states:
/// <list type="bullet">
/// <item>Empty: the first lookup gets a <see cref="Miss"/> and a ticket; idle for <c>PassivateAfter</c>, it asks to stop.</item>
/// <item>Filling: later lookups wait (their senders kept here) until the ticket's fill, its abandonment or
/// the <c>fill-wait</c> deadline, whichever comes first.</item>
/// <item>Holding: lookups are hits until the TTL timer fires; then the entry is dropped and the actor asks to stop.</item>
/// </list>
/// What it holds it also publishes on the cache's <see cref="CacheBoard"/> once the parent has admitted it to the
/// budget (<see cref="Admitted"/>), and it withdraws it whenever it lets go.
/// </summary>
internal sealed class CacheEntryActor : ReceiveActor, IWithTimers
{
    private sealed record Waiter(long Id, IActorRef ReplyTo);

    /// <summary>Timer message and key: the fill in progress ran out of time.</summary>
    private sealed record FillDeadline(FillTicket Ticket);

    /// <summary>Timer message and key: one waiter's own MaxWait ran out before the fill deadline.</summary>
    private sealed record WaiterDeadline(long WaiterId);

    private sealed record EntryExpired
    {
        public static readonly EntryExpired Instance = new();
    }

    private const string FillDeadlineKey = "fill-deadline";
    private const string TtlKey = "ttl";

    private readonly string _key;
    private readonly Settings _settings;
    private readonly CacheBoard _board;
    private readonly List<Waiter> _waiters = [];
    private long _nextWaiterId;
    private FillTicket? _ticket;
    private DateTimeOffset _fillDeadline;
    private CachedResponse? _entry;

    public CacheEntryActor(string key, Settings settings, CacheBoard board)
    {
        _key = key;
        _settings = settings;
        _board = board;
        Empty();
        Context.SetReceiveTimeout(_settings.PassivateAfter);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string key, Settings settings, CacheBoard board) =>
        Akka.Actor.Props.Create(() => new CacheEntryActor(key, settings, board));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void Empty()
    {
        Receive<Lookup>(StartFillOrPass);
        Receive<Fill>(_ => ReplyIfAsked(new NotStored(_key, "stale-ticket")));
        Receive<AbandonFill>(_ => { });
        Receive<Invalidate>(invalidate =>
        {
            EndRevocation(invalidate);
            ReplyIfAsked(new Invalidated(_key, false));
        });
        Receive<Evict>(_ => { });
        Receive<Admitted>(_ => { });
        Receive<ReceiveTimeout>(_ => AskToStop());
        Receive<StopEntry>(_ => Context.Stop(Self));
    }

    private void Filling()
    {
        Receive<Lookup>(Wait);
        Receive<Fill>(fill => fill.Ticket == _ticket, Complete);
        Receive<Fill>(_ => ReplyIfAsked(new NotStored(_key, "stale-ticket")));
        Receive<AbandonFill>(abandon => abandon.Ticket == _ticket, abandon => GiveUpFill(abandon.Reason));
        Receive<AbandonFill>(_ => { });
        Receive<FillDeadline>(deadline => deadline.Ticket == _ticket, _ => GiveUpFill("fill-wait-expired"));
        Receive<WaiterDeadline>(deadline => ReleaseWaiter(deadline.WaiterId));
        Receive<Invalidate>(invalidate =>
        {
            GiveUpFill("invalidated");
            EndRevocation(invalidate);
            ReplyIfAsked(new Invalidated(_key, false));
        });
        Receive<Evict>(_ => { });
        Receive<Admitted>(_ => { });
        Receive<StopEntry>(_ => Context.Parent.Tell(new StayAlive(_key)));
    }

    private void Holding()
    {
        Receive<Lookup>(lookup =>
        {
            // The timer may be a tick behind the clock; never serve past the expiry instant.
            if (Now >= _entry!.ExpiresAt)
            {
                Drop();
                BecomeEmpty();
                StartFillOrPass(lookup);
                return;
            }
            Context.Parent.Tell(new Served(_key, Hits: 1, Misses: 0));
            Sender.Tell(new Hit(_key, _entry, _entry.AgeAt(Now)));
        });
        Receive<Fill>(_ => ReplyIfAsked(new NotStored(_key, "already-stored")));
        Receive<AbandonFill>(_ => { });
        Receive<Admitted>(_ => _board.Publish(_key, _entry!));
        Receive<EntryExpired>(_ => DropAndStop());
        Receive<Evict>(_ => DropAndStop());
        Receive<Invalidate>(invalidate =>
        {
            DropAndStop();
            EndRevocation(invalidate);
            ReplyIfAsked(new Invalidated(_key, true));
        });
        Receive<StopEntry>(_ => Context.Parent.Tell(new StayAlive(_key)));
    }

    private void StartFillOrPass(Lookup lookup)
    {
        Context.Parent.Tell(new Served(_key, Hits: 0, Misses: 1));
        if (!lookup.WillFill)
        {
            Sender.Tell(new GoUpstream(_key, "not-stored"));
            return;
        }
        _ticket = FillTicket.Next();
        _fillDeadline = Now + _settings.FillWait;
        Timers.StartSingleTimer(FillDeadlineKey, new FillDeadline(_ticket), _settings.FillWait);
        Context.SetReceiveTimeout(null);
        Sender.Tell(new Miss(_key, _ticket));
        Become(Filling);
    }

    private void Wait(Lookup lookup)
    {
        var maxWait = lookup.MaxWait ?? _settings.FillWait;
        if (maxWait <= TimeSpan.Zero)
        {
            Context.Parent.Tell(new Served(_key, Hits: 0, Misses: 1));
            Sender.Tell(new GoUpstream(_key, "fill-in-progress"));
            return;
        }
        var waiter = new Waiter(_nextWaiterId++, Sender);
        _waiters.Add(waiter);
        // The fill deadline releases everyone; a timer per waiter only for those who asked to wait less.
        if (Now + maxWait < _fillDeadline)
            Timers.StartSingleTimer(new WaiterDeadline(waiter.Id), new WaiterDeadline(waiter.Id), maxWait);
    }

    private void Complete(Fill fill)
    {
        var entry = fill.Entry;
        var remaining = entry.ExpiresAt - Now;
        // Checked here as well as in the parent so an entry actor never holds more than the limit.
        var refusal = entry.SizeBytes > _settings.MaxEntryBytes ? "too-large"
            : remaining <= TimeSpan.Zero ? "expired"
            : null;
        if (refusal is not null)
        {
            ReplyIfAsked(new NotStored(_key, refusal));
            GiveUpFill(refusal);
            return;
        }

        EndFill();
        _entry = entry;
        Timers.StartSingleTimer(TtlKey, EntryExpired.Instance, remaining < entry.TimeToLive ? remaining : entry.TimeToLive);
        Context.Parent.Tell(new EntryChanged(_key, entry.SizeBytes));
        var age = entry.AgeAt(Now);
        if (_waiters.Count > 0)
            Context.Parent.Tell(new Served(_key, Hits: _waiters.Count, Misses: 0));
        foreach (var waiter in _waiters) waiter.ReplyTo.Tell(new Hit(_key, entry, age, Collapsed: true));
        _waiters.Clear();
        ReplyIfAsked(new Stored(_key, entry.SizeBytes));
        Become(Holding);
    }

    private void GiveUpFill(string reason)
    {
        EndFill();
        if (_waiters.Count > 0)
            Context.Parent.Tell(new Served(_key, Hits: 0, Misses: _waiters.Count));
        foreach (var waiter in _waiters) waiter.ReplyTo.Tell(new GoUpstream(_key, reason));
        _waiters.Clear();
        BecomeEmpty();
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
        Context.Parent.Tell(new Served(_key, Hits: 0, Misses: 1));
        waiter.ReplyTo.Tell(new GoUpstream(_key, "fill-wait-expired"));
    }

    private void EndFill()
    {
        _ticket = null;
        Timers.CancelAll();
    }

    /// <summary>The memory goes now; the actor follows once the parent has stopped routing to it.</summary>
    private void DropAndStop()
    {
        Drop();
        Become(Empty);
        AskToStop();
    }

    private void Drop()
    {
        Timers.Cancel(TtlKey);
        if (_entry is not null) _board.Withdraw(_key, _entry);
        _entry = null;
        Context.Parent.Tell(new EntryChanged(_key, 0));
    }

    private void AskToStop()
    {
        // Asked once; a lookup arriving meanwhile makes this entry busy and it then stays (StayAlive).
        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(_key));
    }

    /// <summary>Every later fill of the key may be published again: this invalidation has been applied.</summary>
    private void EndRevocation(Invalidate invalidate)
    {
        if (invalidate.Revoked) _board.EndRevocation(_key);
    }

    /// <summary>However it stops (e.g. its cache is stopped whole), nothing it held stays published.</summary>
    protected override void PostStop()
    {
        if (_entry is not null) _board.Withdraw(_key, _entry);
        base.PostStop();
    }

    private void ReplyIfAsked(object reply)
    {
        if (!Sender.IsNobody()) Sender.Tell(reply);
    }
}
