namespace Gateway.Web.Caching;

/// <summary>
/// The text of the <c>Age</c> and <c>Cache-Status</c> fields of a hit. Both change only once a second per
/// entry, so each text for the first hour is made once and kept (a few hundred KiB at most) instead of
/// being formatted on every hit; longer ages and lifetimes are formatted each time.
/// </summary>
internal static class HitHeaderText
{
    private const int KeptSeconds = 3600;

    private static readonly string?[] Ages = new string?[KeptSeconds];
    private static readonly string?[] Hits = new string?[KeptSeconds];
    private static readonly string?[] Collapsed = new string?[KeptSeconds];

    public static string Age(TimeSpan age) => Kept(Ages, age, static s => s);

    /// <param name="ttl">What is left of the entry's lifetime.</param>
    public static string CacheStatus(TimeSpan ttl, bool collapsed) =>
        collapsed
            ? Kept(Collapsed, ttl, static s => $"{CacheHeaders.CacheName}; fwd=uri-miss; collapsed; ttl={s}")
            : Kept(Hits, ttl, static s => $"{CacheHeaders.CacheName}; hit; ttl={s}");

    // Two threads may make the same text at once; either copy is right, so no lock.
    private static string Kept(string?[] kept, TimeSpan span, Func<string, string> format)
    {
        var seconds = (long)Math.Floor(span.TotalSeconds);
        if (seconds is < 0 or >= KeptSeconds) return format(CacheHeaders.Seconds(span));
        return kept[seconds] ??= format(CacheHeaders.Seconds(span));
    }
}
