namespace Gateway.Actors.Caching;

/// <summary>
/// What RFC 9111 lets a shared cache do with a request and a response, from plain values the web
/// layer extracts (Cache-Control read directive by directive by <see cref="CacheControlDirectives"/>).
/// Pure: no clock, no state.
/// </summary>
public static class SharedCacheRules
{
    /// <summary>RFC 9110 §15.1: the statuses cacheable by default; any other is never stored.</summary>
    private static readonly HashSet<int> HeuristicallyCacheable = [200, 203, 204, 300, 301, 404, 405, 410, 414, 501];

    /// <summary>
    /// Whether a request may be answered from the cache, and whether it may fill it. Only GET fills;
    /// HEAD is answered from the GET entry (the web layer keys it as GET and looks up with <c>WillFill = false</c>).
    /// A request that says <c>no-cache</c> or <c>no-store</c> goes upstream and its response is not stored.
    /// </summary>
    public static RequestDecision ForRequest(string method, CacheControlDirectives requestCacheControl)
    {
        var isGet = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        var isHead = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (!isGet && !isHead) return RequestDecision.Bypass("method", "method");
        if (requestCacheControl.NoStore) return RequestDecision.Bypass("request", "request-no-store");
        if (requestCacheControl.NoCache) return RequestDecision.Bypass("request", "request-no-cache");
        var decision = isGet ? RequestDecision.LookUpAndFill : RequestDecision.LookUpOnly;
        // §5.2.1.1 and §5.2.1.3; a directive whose value cannot be read is ignored, as if the client had not sent it.
        var maxAge = requestCacheControl.MaxAge.IsPresent ? requestCacheControl.MaxAge.Value : null;
        var minFresh = requestCacheControl.MinFresh.IsPresent ? requestCacheControl.MinFresh.Value : null;
        if (maxAge is null && minFresh is null && !requestCacheControl.OnlyIfCached) return decision;
        return decision with
        {
            Freshness = maxAge is null && minFresh is null ? null : new RequestFreshness(maxAge, minFresh),
            OnlyIfCached = requestCacheControl.OnlyIfCached,
        };
    }

    /// <summary>
    /// Whether a response may be stored and for how long. The first rule that forbids storing names the
    /// reason. The lifetime is the configured <paramref name="ttl"/>, shortened by the origin's
    /// <c>s-maxage</c> (or, without it, <c>max-age</c>); lengthened by it only when
    /// <paramref name="respectOriginMaxAge"/> is on. A qualified <c>no-cache="field"</c> or
    /// <c>private="field"</c> counts as unqualified: storing without those fields is not attempted.
    /// A <c>Cache-Control</c> that could not be fully read is never stored (even when it names neither
    /// <c>private</c> nor <c>no-store</c>), and a malformed or duplicated <c>max-age</c> or <c>s-maxage</c>
    /// makes the response stale on arrival (RFC 9111 §4.2.1), so it is not stored either.
    /// </summary>
    /// <param name="vary">The response's Vary values (list items or raw comma-separated text).</param>
    /// <param name="originExpires">
    /// The origin's <c>Expires</c> minus its <c>Date</c> (RFC 9111 §4.2.1), or null without <c>Expires</c>. Used only
    /// when the response has neither <c>s-maxage</c> nor <c>max-age</c>. Zero or less (a past or invalid
    /// <c>Expires</c>, which §5.3 says means "already expired") is not stored.
    /// </param>
    public static StoreDecision ForResponse(
        int statusCode,
        CacheControlDirectives responseCacheControl,
        bool responseHasSetCookie,
        bool requestHasAuthorization,
        IEnumerable<string>? vary,
        CacheControlDirectives requestCacheControl,
        TimeSpan ttl,
        bool respectOriginMaxAge,
        TimeSpan? originExpires = null)
    {
        var response = responseCacheControl;
        if (requestCacheControl.NoStore) return StoreDecision.DoNotStore("request-no-store");
        if (requestCacheControl.NoCache) return StoreDecision.DoNotStore("request-no-cache");
        if (!HeuristicallyCacheable.Contains(statusCode)) return StoreDecision.DoNotStore("status");
        if (response.NoStore) return StoreDecision.DoNotStore("no-store");
        if (response.Private) return StoreDecision.DoNotStore("private");
        if (response.Malformed) return StoreDecision.DoNotStore("malformed-cache-control");
        if (response.HasInvalidFreshness) return StoreDecision.DoNotStore("invalid-freshness");
        if (VaryNames(vary).Contains("*")) return StoreDecision.DoNotStore("vary-star");
        if (responseHasSetCookie) return StoreDecision.DoNotStore("set-cookie");
        // RFC 9111 §3.5: a response to an authenticated request is stored only when the origin says it may be shared.
        if (requestHasAuthorization && !(response.Public || response.SharedMaxAge.IsPresent || response.MustRevalidate))
            return StoreDecision.DoNotStore("authorization");
        // Storing would oblige us to revalidate before every use, which this cache does not do.
        if (response.NoCache) return StoreDecision.DoNotStore("no-cache");

        var explicitLifetime = response.SharedMaxAge.Value ?? response.MaxAge.Value;
        if (explicitLifetime is null && originExpires <= TimeSpan.Zero) return StoreDecision.DoNotStore("expired");
        var origin = explicitLifetime ?? originExpires;
        if (origin is { } originLifetime && originLifetime <= TimeSpan.Zero) return StoreDecision.DoNotStore("zero-lifetime");
        var lifetime = origin switch
        {
            null => ttl,
            { } o when respectOriginMaxAge => o,
            { } o => o < ttl ? o : ttl,
        };
        return StoreDecision.StoreFor(lifetime);
    }

    /// <summary>
    /// RFC 9111 §4.1: a stored response is used only if each header it varies on has the same value in
    /// the presenting request as in the one that filled it (absent matches absent). Values are compared
    /// after trimming and joining multiple lines with ", ".
    /// </summary>
    public static bool VaryMatches(IEnumerable<CachedHeader> stored, Func<string, IEnumerable<string>?> requestHeader)
    {
        foreach (var header in stored)
        {
            var presented = requestHeader(header.Name) ?? [];
            if (!string.Equals(Normalize(header.Values), Normalize(presented), StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static string Normalize(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => v.Trim()).Where(v => v.Length > 0));

    /// <summary>Vary names from list items that may themselves be comma-separated.</summary>
    public static IReadOnlyList<string> VaryNames(IEnumerable<string>? vary) =>
        vary is null
            ? []
            : vary.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
}

/// <param name="UseCache">Look the key up.</param>
/// <param name="MayFill">A miss may fill (GET); false for HEAD, which answers from a stored GET only.</param>
/// <param name="Forward">When not using the cache: the RFC 9211 <c>fwd</c> value (<c>method</c>, <c>request</c>).</param>
/// <param name="Detail">When not using the cache: a token for the Cache-Status <c>detail</c> parameter.</param>
public sealed record RequestDecision(bool UseCache, bool MayFill, string? Forward, string? Detail)
{
    /// <summary>The request's own limits on a stored response's age (<c>max-age</c>, <c>min-fresh</c>), if it set any.</summary>
    public RequestFreshness? Freshness { get; init; }

    /// <summary><c>only-if-cached</c> (§5.2.1.7): answer from memory or with 504, never forward.</summary>
    public bool OnlyIfCached { get; init; }

    internal static RequestDecision Bypass(string forward, string detail) => new(false, false, forward, detail);

    // Every cacheable request gets one of these two; shared so the hot path allocates no decision.
    internal static readonly RequestDecision LookUpAndFill = new(true, true, null, null);
    internal static readonly RequestDecision LookUpOnly = new(true, false, null, null);

    /// <summary>The Cache-Status parameters for a request the cache did not consult, e.g. <c>fwd=request; detail=request-no-cache</c>.</summary>
    public string? CacheStatusParameters => UseCache ? null : $"fwd={Forward}; detail={Detail}";
}

/// <param name="Store">The response may be stored.</param>
/// <param name="TimeToLive">Its freshness lifetime, when stored.</param>
/// <param name="Reason">Why not, when not stored: a token (e.g. <c>no-store</c>, <c>set-cookie</c>, <c>status</c>).</param>
public sealed record StoreDecision(bool Store, TimeSpan TimeToLive, string? Reason)
{
    internal static StoreDecision StoreFor(TimeSpan ttl) => new(true, ttl, null);
    internal static StoreDecision DoNotStore(string reason) => new(false, TimeSpan.Zero, reason);

    /// <summary>
    /// The RFC 9211 parameters this decision adds to a forwarded response's Cache-Status, after the
    /// web layer's <c>fwd=...</c>: <c>stored; ttl=30</c> or <c>detail=no-store</c>.
    /// </summary>
    public string CacheStatusParameters =>
        Store ? $"stored; ttl={(long)TimeToLive.TotalSeconds}" : $"detail={Reason}";
}
