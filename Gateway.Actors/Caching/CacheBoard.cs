using System.Collections.Concurrent;

namespace Gateway.Actors.Caching;

/// <summary>
/// The responses one cache's entry actors hold, published so the request path answers a hit with a
/// dictionary lookup instead of a round trip through two mailboxes (cf. <c>BreakerBoard</c>). Only the
/// cache's actors change it: an entry actor puts a response here (once stored and admitted to the budget)
/// and takes it away (expiry, eviction, invalidation, stop); the parent takes away what it evicts. Anything
/// not here, or here but past its expiry, is asked of the actor as before, so misses, fills and their
/// coalescing stay in the actor.
///
/// The request path writes two things, neither of them a response:
/// <list type="bullet">
/// <item>a hit count and the key's last hit (<see cref="FreshEntry.CountHit"/>): the parent adds the count to
/// its statistics and, before evicting a key, reads when it was last hit, which stands in for telling it
/// of every hit;</item>
/// <item>a revocation (<see cref="Revoke"/>), when an unsafe request's answer starts: it hides the
/// key's response at once, and keeps the key off the board until the entry actor has handled the
/// <see cref="ResponseCache.Invalidate"/> sent with it. Until then lookups take the ordered path
/// through the actor, which is where that invalidation is queued, so a request sent after the client
/// saw the answer never finds the old response, not even one whose fill finished in between.</item>
/// </list>
/// </summary>
public sealed class CacheBoard
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private long _hits;

    /// <summary>Hits answered from the board since it was made.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The response published for <paramref name="key"/> if it is still fresh at <paramref name="now"/>.</summary>
    /// <param name="now">On the actor system's clock, which the entries' <see cref="CachedResponse.ExpiresAt"/> are on.</param>
    public bool TryGetFresh(string key, DateTimeOffset now, out FreshEntry fresh)
    {
        // An entry past its expiry is a miss here even if its actor's timer has not fired yet.
        if (_slots.TryGetValue(key, out var slot) && slot.Response is { } response && now < response.ExpiresAt)
        {
            fresh = new FreshEntry(this, slot, response, now);
            return true;
        }
        fresh = default;
        return false;
    }

    /// <summary>
    /// Hides the key's response until the entry actor has handled the returned message, which the caller
    /// must tell the cache actor (see the class comment).
    /// </summary>
    public ResponseCache.Invalidate Revoke(string key)
    {
        _slots.AddOrUpdate(key, static _ => new Slot(null, 1), static (_, slot) => new Slot(null, slot.Revocations + 1));
        return new ResponseCache.Invalidate(key, Revoked: true);
    }

    /// <summary>The entry actor stored <paramref name="response"/>. Not published while a revocation is pending.</summary>
    internal bool Publish(string key, CachedResponse response)
    {
        var published = new Slot(response, 0);
        while (true)
        {
            if (_slots.TryAdd(key, published)) return true;
            if (!_slots.TryGetValue(key, out var current)) continue;
            if (current.Revocations > 0) return false;
            if (_slots.TryUpdate(key, published, current)) return true;
        }
    }

    /// <summary>The entry actor let go of <paramref name="response"/>; anything else published for the key stays.</summary>
    internal void Withdraw(string key, CachedResponse response)
    {
        if (_slots.TryGetValue(key, out var current) && ReferenceEquals(current.Response, response))
            _slots.TryRemove(KeyValuePair.Create(key, current));
    }

    /// <summary>The parent evicted the key: whatever response is published for it goes.</summary>
    internal void Withdraw(string key)
    {
        if (_slots.TryGetValue(key, out var current) && current.Response is not null)
            _slots.TryRemove(KeyValuePair.Create(key, current));
    }

    /// <summary>The entry actor handled the invalidation that came with one <see cref="Revoke"/>.</summary>
    internal void EndRevocation(string key)
    {
        while (_slots.TryGetValue(key, out var current) && current.Revocations > 0)
        {
            var done = current.Revocations == 1
                ? _slots.TryRemove(KeyValuePair.Create(key, current))
                : _slots.TryUpdate(key, new Slot(null, current.Revocations - 1), current);
            if (done) return;
        }
    }

    /// <summary>When the key's published response was last served from the board (to the millisecond), if ever.</summary>
    internal DateTimeOffset? LastHit(string key) => _slots.TryGetValue(key, out var slot) ? slot.LastHit : null;

    private void CountHit(Slot slot, DateTimeOffset at)
    {
        Interlocked.Increment(ref _hits);
        slot.Hit(at);
    }

    /// <summary>A published response (<see cref="Response"/> set) or a pending revocation (<see cref="Revocations"/> above 0).</summary>
    internal sealed class Slot(CachedResponse? response, int revocations)
    {
        private long _lastHitTicks;

        public CachedResponse? Response { get; } = response;
        public int Revocations { get; } = revocations;

        public DateTimeOffset? LastHit =>
            Volatile.Read(ref _lastHitTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

        // Written at most once a millisecond, so a hot key's hits mostly only read this cache line.
        // Concurrent hits may leave a slightly older instant behind; eviction order needs no more precision.
        public void Hit(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            if (ticks - Volatile.Read(ref _lastHitTicks) >= TimeSpan.TicksPerMillisecond) Volatile.Write(ref _lastHitTicks, ticks);
        }
    }

    /// <summary>A fresh response found on the board. Call <see cref="CountHit"/> when it is served.</summary>
    public readonly struct FreshEntry
    {
        private readonly CacheBoard _board;
        private readonly Slot _slot;

        private readonly DateTimeOffset _at;

        internal FreshEntry(CacheBoard board, Slot slot, CachedResponse response, DateTimeOffset at)
        {
            _board = board;
            _slot = slot;
            _at = at;
            Response = response;
        }

        public CachedResponse Response { get; }

        /// <summary>Counts the hit, as of the instant it was looked up at.</summary>
        public void CountHit() => _board.CountHit(_slot, _at);
    }
}
