using System.Collections.Concurrent;

namespace Gateway.Actors.Caching;

/// <summary>
/// The responses one cache's entry actors hold, published so the request path answers a hit with a
/// dictionary lookup instead of a round trip through two mailboxes (cf. <c>BreakerBoard</c>). Only the
/// cache's actors change it: an entry actor puts a response here (once stored and admitted to the budget)
/// and takes it away (expiry, eviction, invalidation, stop); the parent takes away what it evicts. Anything
/// not here, or here but past its expiry, is asked of the actor as before, so misses, fills and their
/// coalescing stay in the actor. A key may have several responses here, one per variant (RFC 9111 §4.1), the
/// most recently generated first; a lookup is given the first fresh one its request matches.
///
/// The request path writes two things, neither of them a response:
/// <list type="bullet">
/// <item>a hit count and each variant's last hit (<see cref="FreshEntry.CountHit"/>): the parent adds the count to
/// its statistics and, before evicting a key, reads when it was last hit, which stands in for telling it
/// of every hit; an entity, before letting go of its least recently used variant, does the same;</item>
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

    /// <summary>The response published for <paramref name="key"/> if it is still fresh at <paramref name="now"/>, for a request without fields.</summary>
    public bool TryGetFresh(string key, DateTimeOffset now, out FreshEntry fresh) => TryGetFresh(key, now, RequestFields.None, out fresh);

    /// <summary>The most recent response published for <paramref name="key"/> that <paramref name="request"/> matches and is still fresh at <paramref name="now"/>.</summary>
    /// <param name="now">On the actor system's clock, which the entries' <see cref="CachedResponse.ExpiresAt"/> are on.</param>
    public bool TryGetFresh<TFields>(string key, DateTimeOffset now, TFields request, out FreshEntry fresh) where TFields : IVaryFields
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            foreach (var variant in slot.Variants)
            {
                var response = variant.Response;
                // An entry past its expiry is a miss here even if its actor's timer has not fired yet.
                if (now < response.ExpiresAt && (response.Vary.IsEmpty || VaryValue.Matches(response.Vary, request)))
                {
                    fresh = new FreshEntry(this, variant, response, now);
                    return true;
                }
            }
        }
        fresh = default;
        return false;
    }

    /// <summary>
    /// Hides the key's responses until the entry actor has handled the returned message, which the caller
    /// must tell the cache actor (see the class comment).
    /// </summary>
    public ResponseCache.Invalidate Revoke(string key)
    {
        _slots.AddOrUpdate(key, static _ => new Slot([], 1), static (_, slot) => new Slot([], slot.Revocations + 1));
        return new ResponseCache.Invalidate(key, Revoked: true);
    }

    /// <summary>An actor stored <paramref name="response"/>, one of the key's variants. Not published while a revocation is pending.</summary>
    internal bool Publish(string key, CachedResponse response)
    {
        while (true)
        {
            if (!_slots.TryGetValue(key, out var current))
            {
                if (_slots.TryAdd(key, new Slot([new Variant(response)], 0))) return true;
                continue;
            }
            if (current.Revocations > 0) return false;
            if (current.IndexOf(response) >= 0 || _slots.TryUpdate(key, current.With(response), current)) return true;
        }
    }

    /// <summary>An actor let go of <paramref name="response"/>; anything else published for the key stays.</summary>
    internal void Withdraw(string key, CachedResponse response)
    {
        while (_slots.TryGetValue(key, out var current) && current.IndexOf(response) is var at and >= 0)
        {
            var done = current.Variants.Length == 1
                ? _slots.TryRemove(KeyValuePair.Create(key, current))
                : _slots.TryUpdate(key, current.Without(at), current);
            if (done) return;
        }
    }

    /// <summary>The parent evicted the key: whatever responses are published for it go.</summary>
    internal void Withdraw(string key)
    {
        while (_slots.TryGetValue(key, out var current) && current.Variants.Length > 0)
            if (_slots.TryRemove(KeyValuePair.Create(key, current))) return;
    }

    /// <summary>The entry actor handled the invalidation that came with one <see cref="Revoke"/>.</summary>
    internal void EndRevocation(string key)
    {
        while (_slots.TryGetValue(key, out var current) && current.Revocations > 0)
        {
            var done = current.Revocations == 1
                ? _slots.TryRemove(KeyValuePair.Create(key, current))
                : _slots.TryUpdate(key, new Slot([], current.Revocations - 1), current);
            if (done) return;
        }
    }

    /// <summary>When any of the key's published responses was last served from the board (to the millisecond), if ever.</summary>
    internal DateTimeOffset? LastHit(string key)
    {
        if (!_slots.TryGetValue(key, out var slot)) return null;
        DateTimeOffset? last = null;
        foreach (var variant in slot.Variants)
            if (variant.LastHit is { } hit && (last is null || hit > last)) last = hit;
        return last;
    }

    /// <summary>When <paramref name="response"/>, published for the key, was last served from the board, if ever.</summary>
    internal DateTimeOffset? LastHit(string key, CachedResponse response) =>
        _slots.TryGetValue(key, out var slot) && slot.IndexOf(response) is var at and >= 0 ? slot.Variants[at].LastHit : null;

    private void CountHit(Variant variant, DateTimeOffset at)
    {
        Interlocked.Increment(ref _hits);
        variant.Hit(at);
    }

    /// <summary>A key's published responses, most recently generated first (none while <see cref="Revocations"/> is above 0).</summary>
    internal sealed class Slot(Variant[] variants, int revocations)
    {
        public Variant[] Variants { get; } = variants;
        public int Revocations { get; } = revocations;

        public int IndexOf(CachedResponse response) => Array.FindIndex(Variants, v => ReferenceEquals(v.Response, response));

        // RFC 9111 §4.1: of several variants a request matches, the most recent response is used.
        public Slot With(CachedResponse response)
        {
            var at = Array.FindIndex(Variants, v => v.Response.StoredAt < response.StoredAt);
            if (at < 0) at = Variants.Length;
            return new Slot([.. Variants[..at], new Variant(response), .. Variants[at..]], 0);
        }

        public Slot Without(int at) => new([.. Variants[..at], .. Variants[(at + 1)..]], 0);
    }

    /// <summary>One published response, and when it was last served from the board.</summary>
    internal sealed class Variant(CachedResponse response)
    {
        private long _lastHitTicks;

        public CachedResponse Response { get; } = response;

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
        private readonly Variant _variant;

        private readonly DateTimeOffset _at;

        internal FreshEntry(CacheBoard board, Variant variant, CachedResponse response, DateTimeOffset at)
        {
            _board = board;
            _variant = variant;
            _at = at;
            Response = response;
        }

        public CachedResponse Response { get; }

        /// <summary>Counts the hit, as of the instant it was looked up at.</summary>
        public void CountHit() => _board.CountHit(_variant, _at);
    }
}
