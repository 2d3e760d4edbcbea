namespace Gateway.Actors.Caching;

/// <summary>
/// Between the cache parent and its entry actors. Entry-to-parent messages are only believed from the
/// current incarnation for the key, so a late report from a stopped one cannot skew the accounts.
/// </summary>
internal static class CacheEntryProtocol
{
    /// <summary>Entry to parent: the bytes it now holds (0: nothing). The parent budgets on the latest report.</summary>
    public sealed record EntryChanged(string Key, long Bytes);

    /// <summary>Entry to parent: replies it sent, for the counters; hits also mark the key recently used.</summary>
    public sealed record Served(string Key, int Hits, int Misses);

    /// <summary>Entry to parent: it is idle and would stop. The parent starts buffering the key and answers <see cref="StopEntry"/>.</summary>
    public sealed record Passivate(string Key);

    /// <summary>
    /// Parent to entry, after everything routed to it before buffering began. The entry stops if it is still
    /// idle; if one of those messages made it busy it answers <see cref="StayAlive"/> instead.
    /// </summary>
    public sealed record StopEntry
    {
        public static readonly StopEntry Instance = new();
        private StopEntry() { }
    }

    /// <summary>Entry to parent: not stopping after all; deliver what was buffered to me.</summary>
    public sealed record StayAlive(string Key);

    /// <summary>Parent to entry: drop what you hold, the budget needs the room.</summary>
    public sealed record Evict(string Key);

    /// <summary>
    /// Parent to entry, answering an <see cref="EntryChanged"/> that it kept within the budget: publish what you
    /// hold. Waiting for this means that once a response is served from the board, every eviction it caused
    /// has taken the evicted responses off the board.
    /// </summary>
    public sealed record Admitted(string Key);
}
