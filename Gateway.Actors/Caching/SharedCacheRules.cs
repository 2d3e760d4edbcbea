namespace Gateway.Actors.Caching;

/// <summary>
/// What RFC 9111 lets a shared cache do with a request and a response, from plain values the web
/// layer extracts (Cache-Control read directive by directive by <see cref="CacheControlDirectives"/>).
/// Pure: no clock, no state.
/// </summary>
public static class SharedCacheRules
{
    /// <summary>
    /// RFC 9110 §15.1: the statuses cacheable by default, which may be given a heuristic lifetime (the
    /// route's <c>ttl</c>); these are also the ones whose caching rules the gateway understands (§5.2.2.3).
    /// 206 is left out: the gateway keeps no ranges.
    /// </summary>
    private static readonly HashSet<int> HeuristicallyCacheable = [200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501];

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
        // §5.2.1.2: max-stale without a value takes a response stale by any amount.
        var maxStale = requestCacheControl.MaxStale.IsPresent ? requestCacheControl.MaxStale.Value ?? TimeSpan.MaxValue : (TimeSpan?)null;
        if (maxAge is null && minFresh is null && maxStale is null && !requestCacheControl.OnlyIfCached) return decision;
        return decision with
        {
            Freshness = maxAge is null && minFresh is null && maxStale is null ? null : new RequestFreshness(maxAge, minFresh, maxStale),
            OnlyIfCached = requestCacheControl.OnlyIfCached,
        };
    }

    /// <summary>
    /// Whether a response may be stored and for how long (RFC 9111 §3, §4.2.1). The first rule that forbids
    /// storing names the reason.
    /// <list type="bullet">
    /// <item>Storable: a final status cacheable by default (<see cref="HeuristicallyCacheable"/>), or any other
    /// final status with an explicit lifetime; never 206 or 304, which are not whole responses.</item>
    /// <item>A <c>Cache-Control</c> that could not be fully read is never stored, and a malformed or duplicated
    /// <c>max-age</c> or <c>s-maxage</c> makes the response stale on arrival (§4.2.1). A qualified
    /// <c>no-cache="field"</c> or <c>private="field"</c> counts as unqualified.</item>
    /// <item>A <c>Set-Cookie</c> is stored (and replayed) only when the origin says the response may be shared
    /// (<c>public</c> or <c>s-maxage</c>); a response to a request with <c>Authorization</c> also with
    /// <c>must-revalidate</c> (§3.5).</item>
    /// <item>Lifetime (§4.2.1): <c>s-maxage</c>, else <c>max-age</c>, else <c>Expires</c> − <c>Date</c>; without one,
    /// the route's <c>ttl</c>, or nothing stored under <see cref="CacheFreshness.OriginExact"/>. Under
    /// <see cref="CacheFreshness.Ttl"/> an origin lifetime longer than the ttl is cut to it unless
    /// <c>respect-origin-max-age</c> is on. A response whose <c>Age</c> already reaches its lifetime is stale and not stored.</item>
    /// </list>
    /// </summary>
    public static StoreDecision ForResponse(
        OriginResponse response,
        CacheControlDirectives requestCacheControl,
        bool requestHasAuthorization,
        ResponseCache.Settings settings)
    {
        var cc = response.CacheControl;
        var status = response.StatusCode;
        if (requestCacheControl.NoStore) return StoreDecision.DoNotStore("request-no-store");
        if (requestCacheControl.NoCache) return StoreDecision.DoNotStore("request-no-cache");
        if (status is < 200 or 206 or 304) return StoreDecision.DoNotStore("status");
        var understood = HeuristicallyCacheable.Contains(status);
        // §5.2.2.3: must-understand confines storing to understood statuses, and for those overrides no-store.
        if (cc.MustUnderstand && !understood) return StoreDecision.DoNotStore("must-understand");
        if (cc.NoStore && !cc.MustUnderstand) return StoreDecision.DoNotStore("no-store");
        if (cc.Private) return StoreDecision.DoNotStore("private");
        if (cc.Malformed) return StoreDecision.DoNotStore("malformed-cache-control");
        if (cc.HasInvalidFreshness) return StoreDecision.DoNotStore("invalid-freshness");
        if (VaryNames(response.Vary).Contains("*")) return StoreDecision.DoNotStore("vary-star");
        var shareable = cc.Public || cc.SharedMaxAge.IsPresent;
        // A stored Set-Cookie is replayed to every client the entry answers: only when the origin explicitly allows sharing.
        if (response.HasSetCookie && !shareable) return StoreDecision.DoNotStore("set-cookie");
        // §3.5: a response to an authenticated request is stored only when the origin says it may be shared.
        if (requestHasAuthorization && !(shareable || cc.MustRevalidate)) return StoreDecision.DoNotStore("authorization");
        // Storing would oblige us to revalidate before every use, which this cache does not do.
        if (cc.NoCache) return StoreDecision.DoNotStore("no-cache");

        var explicitLifetime = cc.SharedMaxAge.Value ?? cc.MaxAge.Value;
        // §5.3: a past or invalid Expires means already expired; it counts only without max-age or s-maxage.
        if (explicitLifetime is null && response.ExpiresIn <= TimeSpan.Zero) return StoreDecision.DoNotStore("expired");
        var origin = explicitLifetime ?? response.ExpiresIn;
        if (origin is null && !understood) return StoreDecision.DoNotStore("status");
        if (origin is null && settings.Freshness == CacheFreshness.OriginExact) return StoreDecision.DoNotStore("no-explicit-freshness");
        if (origin <= TimeSpan.Zero) return StoreDecision.DoNotStore("zero-lifetime");

        var lifetime = origin switch
        {
            null => settings.Ttl,
            { } o when settings.RespectOriginMaxAge || settings.Freshness == CacheFreshness.OriginExact => o,
            { } o => o < settings.Ttl ? o : settings.Ttl,
        };
        if (response.Age >= lifetime) return StoreDecision.DoNotStore("stale-on-arrival");
        return StoreDecision.StoreFor(lifetime, response.Age);
    }

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

/// <summary>What the rules read from an origin's response, each field already parsed.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="CacheControl">The directives that decide: <c>Cache-Control</c>, or a valid <c>CDN-Cache-Control</c> in its place (RFC 9213).</param>
/// <param name="HasSetCookie">A <c>Set-Cookie</c> is present.</param>
/// <param name="Vary">The Vary values (list items or raw comma-separated text), or null.</param>
/// <param name="ExpiresIn">
/// <c>Expires</c> minus <c>Date</c> (RFC 9111 §4.2.1), or null without an <c>Expires</c> that counts; zero or less
/// for a past or invalid one (§5.3: already expired).
/// </param>
/// <param name="Age">The origin's <c>Age</c> (§5.1, <see cref="AgeField"/>): how old the response already is.</param>
public sealed record OriginResponse(
    int StatusCode,
    CacheControlDirectives CacheControl,
    bool HasSetCookie = false,
    IEnumerable<string>? Vary = null,
    TimeSpan? ExpiresIn = null,
    TimeSpan Age = default);

/// <param name="Store">The response may be stored.</param>
/// <param name="TimeToLive">Its freshness lifetime, counted from when the origin made it, when stored.</param>
/// <param name="Reason">Why not, when not stored: a token (e.g. <c>no-store</c>, <c>set-cookie</c>, <c>status</c>).</param>
public sealed record StoreDecision(bool Store, TimeSpan TimeToLive, string? Reason)
{
    internal static StoreDecision StoreFor(TimeSpan ttl, TimeSpan age) => new(true, ttl, null) { Age = age };
    internal static StoreDecision DoNotStore(string reason) => new(false, TimeSpan.Zero, reason);

    /// <summary>How old the response already was when it arrived (its <c>Age</c>): the entry's age starts there.</summary>
    public TimeSpan Age { get; init; }

    /// <summary>What is left of the lifetime on arrival: the RFC 9211 <c>ttl</c> of the response that fills.</summary>
    public TimeSpan FreshnessLeft => TimeToLive - Age;

    /// <summary>
    /// The RFC 9211 parameters this decision adds to a forwarded response's Cache-Status, after the
    /// web layer's <c>fwd=...</c>: <c>stored; ttl=30</c> or <c>detail=no-store</c>.
    /// </summary>
    public string CacheStatusParameters =>
        Store ? $"stored; ttl={(long)FreshnessLeft.TotalSeconds}" : $"detail={Reason}";
}
