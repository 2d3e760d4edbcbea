using Akka.Actor;
using static Gateway.Actors.Caching.CacheEntryProtocol;
using static Gateway.Actors.Caching.ResponseCache;
using Settings = Gateway.Actors.Caching.ResponseCache.Settings;

namespace Gateway.Actors.Caching;

/// <summary>
/// Routes commands to one entry actor per key, creating it on the first lookup. Keeps the bytes all
/// entries hold within <c>max-bytes</c> by evicting the least recently used, refuses fills over
/// <c>max-entry-bytes</c>, and counts hits and misses.
///
/// Hand-over: when an entry asks to stop, commands for its key are buffered here until it has either
/// stopped (they go to a new incarnation) or said it stays (they go to it), so none is lost or doubled.
/// </summary>
internal sealed class ResponseCacheActor : ReceiveActor
{
    private readonly Settings _settings;
    private readonly CacheBoard _board;
    private readonly Func<string, Props> _entryProps;
    private readonly Dictionary<string, IActorRef> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _keysByEntry = [];
    private readonly Dictionary<string, List<(IKeyedCommand Command, IActorRef Sender)>> _stopping = new(StringComparer.Ordinal);
    private readonly LruByteLedger _ledger = new();
    private long _hits;
    private long _misses;
    private long _incarnations;

    public ResponseCacheActor(Settings settings, CacheBoard board, Func<string, Props> entryProps)
    {
        _settings = settings;
        _board = board;
        _entryProps = entryProps;

        Receive<Fill>(fill => fill.Entry.SizeBytes > _settings.MaxEntryBytes, fill =>
        {
            if (!Sender.IsNobody()) Sender.Tell(new NotStored(fill.Key, "too-large"));
            // The waiters on this fill must still be released.
            Route(new AbandonFill(fill.Key, fill.Ticket, "too-large"), ActorRefs.Nobody);
        });
        Receive<IKeyedCommand>(command => Route(command, Sender));
        Receive<GetStats>(_ => Sender.Tell(new Stats(_ledger.Count, _ledger.TotalBytes, _hits + _board.Hits, _misses)));

        Receive<EntryChanged>(IsFromCurrentEntry, changed =>
        {
            _ledger.Set(changed.Key, changed.Bytes, Now);
            EvictToBudget();
            if (_ledger.Contains(changed.Key)) Sender.Tell(new Admitted(changed.Key));
        });
        Receive<Served>(IsFromCurrentEntry, served =>
        {
            _hits += served.Hits;
            _misses += served.Misses;
            if (served.Hits > 0) _ledger.Touch(served.Key, Now);
        });
        Receive<Passivate>(IsFromCurrentEntry, passivate =>
        {
            if (!_stopping.TryAdd(passivate.Key, [])) return;
            Sender.Tell(StopEntry.Instance);
        });
        Receive<StayAlive>(IsFromCurrentEntry, stay => Redeliver(stay.Key));
        Receive<Terminated>(terminated =>
        {
            if (!_keysByEntry.Remove(terminated.ActorRef, out var key)) return;
            _entries.Remove(key);
            _ledger.Remove(key);
            Redeliver(key);
        });
        // Reports from an incarnation that has since been replaced are stale: ignore them.
        Receive<EntryChanged>(_ => { });
        Receive<Served>(_ => { });
        Receive<Passivate>(_ => { });
        Receive<StayAlive>(_ => { });
    }

    /// <summary>An entry that fails loses its waiters either way; stopping it keeps the byte accounts true.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private bool IsFromCurrentEntry(object message) =>
        message switch
        {
            EntryChanged m => IsCurrent(m.Key),
            Served m => IsCurrent(m.Key),
            Passivate m => IsCurrent(m.Key),
            StayAlive m => IsCurrent(m.Key),
            _ => false,
        };

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private bool IsCurrent(string key) => _entries.TryGetValue(key, out var entry) && entry.Equals(Sender);

    private void Route(IKeyedCommand command, IActorRef sender)
    {
        if (_stopping.TryGetValue(command.Key, out var buffer))
        {
            buffer.Add((command, sender));
            return;
        }
        if (_entries.TryGetValue(command.Key, out var entry))
        {
            entry.Tell(command, sender);
            return;
        }
        switch (command)
        {
            case Lookup:
                Spawn(command.Key).Tell(command, sender);
                break;
            case Fill fill when !sender.IsNobody():
                // No entry actor means no fill in progress: its deadline passed or it was invalidated.
                sender.Tell(new NotStored(fill.Key, "stale-ticket"));
                break;
            case Invalidate invalidate:
                // No entry actor, so nothing published for the key that this revocation still has to hide.
                if (invalidate.Revoked) _board.EndRevocation(invalidate.Key);
                if (!sender.IsNobody()) sender.Tell(new Invalidated(invalidate.Key, false));
                break;
        }
    }

    private IActorRef Spawn(string key)
    {
        var entry = Context.ActorOf(_entryProps(key), $"entry-{++_incarnations}");
        Context.Watch(entry);
        _entries[key] = entry;
        _keysByEntry[entry] = key;
        return entry;
    }

    private void Redeliver(string key)
    {
        if (!_stopping.Remove(key, out var buffer)) return;
        foreach (var (command, sender) in buffer) Route(command, sender);
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
            _ledger.Remove(victim);
            // Off the board now, so nobody is served it once the response that needed the room is.
            _board.Withdraw(victim);
            // Sent straight to the entry even while it is stopping: it is about what it holds now.
            if (_entries.TryGetValue(victim, out var entry)) entry.Tell(new Evict(victim));
        }
    }
}
