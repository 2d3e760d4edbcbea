using Gateway.Actors.Wire;

namespace Gateway.Actors.Caching;

public static partial class ResponseCache
{
    /// <summary>Every command the parent routes carries the key of the entry it is for.</summary>
    public interface IKeyedCommand
    {
        string Key { get; }
    }

    /// <summary>The answer to a <see cref="Lookup"/>: <see cref="Hit"/>, <see cref="Miss"/> or <see cref="GoUpstream"/>.</summary>
    public interface ILookupReply
    {
        string Key { get; }

        /// <summary>The key's entity lives on another node: the answer came over the wire (for the cross-node metrics).</summary>
        bool CrossNode { get; }
    }

    /// <summary>
    /// Looks a key up. <paramref name="MaxWait"/> bounds how long this request waits on someone else's fill
    /// (default and upper bound: <c>fill-wait</c>; zero: never wait). <paramref name="WillFill"/> = false for a
    /// request that cannot produce a storable response (e.g. a HEAD looking up its GET): on a cold key it gets
    /// <see cref="GoUpstream"/> instead of a ticket, but it still waits on a fill already in progress.
    /// </summary>
    /// <param name="Freshness">
    /// The request's own limits on a stored response's age (null: none). A stored response outside them is not
    /// served to this request: it fills the key again (<see cref="Miss"/>, the stored response serving others
    /// until the new one replaces it), or waits on a refill already under way.
    /// </param>
    public sealed record Lookup(string Key, TimeSpan? MaxWait = null, bool WillFill = true, RequestFreshness? Freshness = null) : IKeyedCommand
    {
        /// <summary>
        /// The request's fields, which pick the variant it is given (RFC 9111 §4.1). Null: a lookup that does not say
        /// (one from a node of an older version, which checks the variant it is given itself): it is answered with the
        /// most recent variant, as before a key had several.
        /// </summary>
        public RequestFields? Fields { get; init; }
    }

    /// <summary>Served from memory. <paramref name="Collapsed"/>: this request waited on another request's fill.</summary>
    public sealed record Hit(string Key, CachedResponse Entry, TimeSpan Age, bool Collapsed = false) : ILookupReply, IWireMessage
    {
        /// <summary>
        /// Why a stale entry is served (<c>stale-while-revalidate</c>, <c>stale-if-error</c>, <c>max-stale</c>), or null
        /// for a fresh one.
        /// </summary>
        public string? StaleReason { get; init; }

        /// <summary>
        /// Set on the one stale hit that should refresh the entry in the background (RFC 5861 §3): after answering,
        /// fill with this ticket as after a <see cref="Miss"/>; everyone else is served the stale entry meanwhile.
        /// </summary>
        public FillTicket? Refresh { get; init; }

        public bool CrossNode { get; init; }
    }

    /// <summary>
    /// Nobody filling and nothing fresh stored: the receiver fills, using <paramref name="Ticket"/>. With
    /// <see cref="Stale"/>, the expired entry the key still holds: revalidate it when it has a validator (a 304
    /// refreshes it, RFC 9111 §4.3.3), and serve it instead of an upstream failure within its stale-if-error window.
    /// </summary>
    public sealed record Miss(string Key, FillTicket Ticket) : ILookupReply, IWireMessage
    {
        public CachedResponse? Stale { get; init; }

        /// <summary>The key holds other variants, none for this request's fields: RFC 9211's <c>fwd=vary-miss</c>.</summary>
        public bool VaryMiss { get; init; }

        public bool CrossNode { get; init; }
    }

    /// <summary>Forward upstream and do not fill. <paramref name="Reason"/> is a token for Cache-Status <c>detail</c>.</summary>
    public sealed record GoUpstream(string Key, string Reason) : ILookupReply, IWireMessage
    {
        /// <summary>The key holds other variants, none for this request's fields: RFC 9211's <c>fwd=vary-miss</c>.</summary>
        public bool VaryMiss { get; init; }
        public bool CrossNode { get; init; }
    }

    /// <summary>Proof that the holder is the one filling a key; a fill with any other ticket is refused.</summary>
    public sealed record FillTicket(Guid Id)
    {
        internal static FillTicket Next() => new(Guid.NewGuid());
    }

    /// <summary>The filler's response. Answers any waiting requests and, if it fits, stores it.</summary>
    public sealed record Fill(string Key, FillTicket Ticket, CachedResponse Entry) : IKeyedCommand;

    /// <summary>
    /// The filler will not fill. Waiting requests are told <see cref="GoUpstream"/> with <paramref name="Reason"/>
    /// (they all go upstream themselves; none is promoted to filler, so an uncacheable response costs the
    /// waiters one wait, not a queue of them).
    /// </summary>
    public sealed record AbandonFill(string Key, FillTicket Ticket, string Reason = "fill-abandoned") : IKeyedCommand;

    /// <summary>Reply to a <see cref="Fill"/> whose sender is an actor (not sent when told with no sender).</summary>
    public sealed record Stored(string Key, long SizeBytes) : IWireMessage;

    /// <summary>
    /// Reply to a <see cref="Fill"/> that was not stored: <c>too-large</c> (over <c>max-entry-bytes</c>),
    /// <c>stale-ticket</c> (not the fill in progress, e.g. after <c>fill-wait</c> ran out or an invalidation),
    /// <c>already-stored</c> or <c>expired</c> (its lifetime was over before it arrived).
    /// </summary>
    public sealed record NotStored(string Key, string Reason) : IWireMessage;

    /// <summary>
    /// Drops the entry for a key (e.g. after an unsafe request to the same URI). A fill in progress is
    /// revoked too (its response may predate the change); its waiters go upstream. <paramref name="Revoked"/>:
    /// made by <see cref="CacheBoard.Revoke"/>, which hid the key on the board until this is handled.
    /// </summary>
    public sealed record Invalidate(string Key, bool Revoked = false) : IKeyedCommand;

    /// <summary>Reply to <see cref="Invalidate"/> from an actor: whether a stored entry was removed.</summary>
    public sealed record Invalidated(string Key, bool Removed) : IWireMessage;

    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// Counters for metrics. <paramref name="Hits"/> counts replies served from memory (collapsed waiters
    /// included); <paramref name="Misses"/> counts <see cref="Miss"/> and <see cref="GoUpstream"/> replies.
    /// </summary>
    public sealed record Stats(int Entries, long Bytes, long Hits, long Misses);
}
