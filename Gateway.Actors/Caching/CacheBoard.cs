using System.Collections.Concurrent;

namespace Gateway.Actors.Caching;

/// <summary>
/// The responses one cache's entry actors hold, published so the request path answers a hit with a
/// dictionary lookup instead of a round trip through two mailboxes (cf. <c>BreakerBoard</c>). Only an
/// entry actor puts a response here (when it stores one) and takes it away (expiry, eviction,
/// invalidation, stop); anything not here, or here but past its expiry, is asked of the actor as before,
/// so misses, fills and their coalescing stay in the actor.
///
/// The request path writes two things, neither of them a response:
/// <list type="bullet">
/// <item>a hit mark and count (<see cref="FreshEntry.CountHit"/>): the parent adds the count to its
/// statistics and, before evicting a key, gives a marked one a second chance (CLOCK), which stands in
/// for telling it of every hit;</item>
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
            fresh = new FreshEntry(this, slot, response);
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

    /// <summary>Whether the key was hit from the board since the last call; clears the mark.</summary>
    internal bool TakeRecentUse(string key) => _slots.TryGetValue(key, out var slot) && slot.TakeUse();

    private void CountHit(Slot slot)
    {
        Interlocked.Increment(ref _hits);
        slot.MarkUsed();
    }

    /// <summary>A published response (<see cref="Response"/> set) or a pending revocation (<see cref="Revocations"/> above 0).</summary>
    internal sealed class Slot(CachedResponse? response, int revocations)
    {
        private int _used;

        public CachedResponse? Response { get; } = response;
        public int Revocations { get; } = revocations;

        // Read before written so a hot key's hits do not all write the same cache line.
        public void MarkUsed()
        {
            if (Volatile.Read(ref _used) == 0) Volatile.Write(ref _used, 1);
        }

        public bool TakeUse() => Interlocked.Exchange(ref _used, 0) == 1;
    }

    /// <summary>A fresh response found on the board. Call <see cref="CountHit"/> when it is served.</summary>
    public readonly struct FreshEntry
    {
        private readonly CacheBoard _board;
        private readonly Slot _slot;

        internal FreshEntry(CacheBoard board, Slot slot, CachedResponse response)
        {
            _board = board;
            _slot = slot;
            Response = response;
        }

        public CachedResponse Response { get; }

        public void CountHit() => _board.CountHit(_slot);
    }
}
