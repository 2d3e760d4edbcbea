namespace Gateway.Web.Observability;

/// <summary>What the cache did for a request, as <c>RequestOutcome.CacheStatus</c> says (null where the route does not cache).</summary>
public enum CacheOutcome
{
    None,
    Hit,
    Miss,
    Bypass,
}

public static class CacheOutcomes
{
    public static CacheOutcome Of(string? cacheStatus) =>
        cacheStatus is null ? CacheOutcome.None
        : Is(cacheStatus, "HIT") ? CacheOutcome.Hit
        : Is(cacheStatus, "MISS") ? CacheOutcome.Miss
        : Is(cacheStatus, "BYPASS") ? CacheOutcome.Bypass
        : CacheOutcome.None;

    private static bool Is(string text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);
}
