using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>One test per RFC 9111 rule a shared cache must obey.</summary>
public sealed class SharedCacheRulesTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private static StoreDecision Decide(
        int status = 200,
        string? cacheControl = null,
        bool setCookie = false,
        bool authorization = false,
        string? vary = null,
        string? requestCacheControl = null,
        bool respectOriginMaxAge = false,
        TimeSpan? expires = null,
        TimeSpan age = default,
        CacheFreshness freshness = CacheFreshness.Ttl) =>
        SharedCacheRules.ForResponse(
            new OriginResponse(
                status,
                cacheControl is null ? CacheControlDirectives.None : CacheControlDirectives.Parse(cacheControl.Split('\n')),
                setCookie,
                vary is null ? null : [vary],
                expires,
                age),
            CacheControlDirectives.Parse(requestCacheControl),
            authorization,
            ResponseCache.Settings.Default with { Ttl = Ttl, RespectOriginMaxAge = respectOriginMaxAge, Freshness = freshness });

    private static void AssertNotStored(string reason, StoreDecision decision)
    {
        Assert.False(decision.Store);
        Assert.Equal(reason, decision.Reason);
    }

    /// <summary>RFC 9111 §3, RFC 9110 §15.1: the statuses cacheable by default get the heuristic lifetime (the ttl).</summary>
    [Theory]
    [InlineData(200)]
    [InlineData(203)]
    [InlineData(204)]
    [InlineData(300)]
    [InlineData(301)]
    [InlineData(308)]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(410)]
    [InlineData(414)]
    [InlineData(501)]
    public void HeuristicallyCacheableStatus_IsStoredForTheConfiguredTtl(int status)
    {
        Assert.Equal(new StoreDecision(true, Ttl, null), Decide(status));
    }

    /// <summary>RFC 9111 §3: any other final status is storable only with an explicit lifetime (§4.2.2: no heuristic for it).</summary>
    [Theory]
    [InlineData(201)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    public void OtherFinalStatus_IsStoredOnlyWithAnExplicitLifetime(int status)
    {
        AssertNotStored("status", Decide(status));
        AssertNotStored("status", Decide(status, cacheControl: "public"));
        Assert.Equal(TimeSpan.FromSeconds(20), Decide(status, cacheControl: "max-age=20").TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(20), Decide(status, cacheControl: "s-maxage=20").TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(12), Decide(status, expires: TimeSpan.FromSeconds(12)).TimeToLive);
    }

    /// <summary>206 (no ranges are kept), 304 (not a whole response) and interim statuses are never stored.</summary>
    [Theory]
    [InlineData(100)]
    [InlineData(103)]
    [InlineData(206)]
    [InlineData(304)]
    public void PartialNotModifiedOrInterimStatus_IsNeverStored(int status) =>
        AssertNotStored("status", Decide(status, cacheControl: "public, max-age=60"));

    /// <summary>RFC 9111 §5.2.2.3: must-understand stores only statuses the cache understands, and for those no-store gives way.</summary>
    [Fact]
    public void MustUnderstand_StoresUnderstoodStatuses_OverNoStore()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Decide(200, "must-understand, no-store, max-age=20").TimeToLive);
        AssertNotStored("must-understand", Decide(302, "must-understand, no-store, max-age=60"));
        AssertNotStored("must-understand", Decide(500, "must-understand, max-age=60"));
        AssertNotStored("private", Decide(200, "must-understand, private, max-age=60"));
    }

    [Theory]
    [InlineData("no-store", "no-store")]
    [InlineData("private", "private")]
    [InlineData("private=\"X-User\", max-age=60", "private")]
    [InlineData("no-cache", "no-cache")] // every use would need revalidation
    [InlineData("no-cache=\"Set-Cookie\", max-age=60", "no-cache")]
    public void CacheControlThatKeepsItFromASharedCache_IsNotStored(string cacheControl, string reason) =>
        AssertNotStored(reason, Decide(cacheControl: cacheControl));

    /// <summary>
    /// RFC 9111 §5.2 and §4.2.1: one bad directive or one bad field line never hides a <c>private</c> or
    /// <c>no-store</c> (field lines are separated by a newline here). These were all stored and served
    /// to other clients when a refused field counted as absent.
    /// </summary>
    [Theory]
    [InlineData("private, max-age=-1", "private")]
    [InlineData("private, max-age=\"60\"", "private")]
    [InlineData("private, max-age=99999999999", "private")]
    [InlineData("no-store, max-age=2147483648", "no-store")]
    [InlineData("no-store, foo=\"unterminated", "no-store")]
    [InlineData("no-cache, s-maxage=-5", "invalid-freshness")]
    [InlineData("private\nmax-age=60, bar=\"x", "private")]
    [InlineData("max-age=60, bar=\"x\nprivate", "private")]
    [InlineData("max-age=60, public, private=\"Set-Cookie", "private")]
    [InlineData("max-age=60,\tNO-STORE", "no-store")]
    public void CacheControlTheParserCannotFullyRead_IsStillNotStored(string cacheControl, string reason) =>
        AssertNotStored(reason, Decide(cacheControl: cacheControl));

    /// <summary>"Never store a response you could not fully understand": a syntax error anywhere in the field.</summary>
    [Theory]
    [InlineData("max-age=60, foo=\"unterminated")]
    [InlineData("public, max-age=60, @")]
    [InlineData("max-age=60 public")]
    [InlineData("max-age=")]
    [InlineData("max-age = 60")]
    [InlineData("public\nmax-age=60, bar=\"x")]
    public void MalformedCacheControl_IsNotStored(string cacheControl) =>
        AssertNotStored("malformed-cache-control", Decide(cacheControl: cacheControl));

    /// <summary>RFC 9111 §4.2.1: a malformed or duplicated max-age or s-maxage makes the response stale, never fresh.</summary>
    [Theory]
    [InlineData("max-age=\"60\"")]
    [InlineData("max-age=-1")]
    [InlineData("max-age=1.5")]
    [InlineData("max-age")]
    [InlineData("max-age=60, max-age=60")]
    [InlineData("max-age=60\nmax-age=10")]
    [InlineData("public, s-maxage=abc")]
    [InlineData("s-maxage=5, S-MAXAGE=5, max-age=60")]
    public void InvalidOrDuplicatedFreshness_IsStale_SoNotStored(string cacheControl) =>
        AssertNotStored("invalid-freshness", Decide(cacheControl: cacheControl, respectOriginMaxAge: true));

    /// <summary>RFC 9111 §1.2.2: delta-seconds of 2^31 or more is capped at 2^31, not refused.</summary>
    [Theory]
    [InlineData("max-age=2147483648")]
    [InlineData("max-age=99999999999999999999999")]
    [InlineData("s-maxage=4294967296")]
    public void HugeLifetime_IsCappedAt2To31Seconds(string cacheControl)
    {
        var decision = Decide(cacheControl: cacheControl, respectOriginMaxAge: true);

        Assert.True(decision.Store);
        Assert.Equal(TimeSpan.FromSeconds(2147483648L), decision.TimeToLive);
    }

    [Theory]
    [InlineData("foo", 30)] // an unknown directive is ignored (§5.2.3)
    [InlineData("public, , max-age=12,", 12)] // empty list elements are allowed (RFC 9110 §5.6.1)
    [InlineData("max-age=007, x-ext=\"a, b \\\" c\"", 7)] // commas and escaped quotes inside a quoted-string
    public void WellFormedCacheControl_IsRead(string cacheControl, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Decide(cacheControl: cacheControl).TimeToLive);

    [Theory]
    [InlineData("no-cache, max-age=\"5")]
    [InlineData("max-age=abc\nno-store")]
    public void RequestDirectives_AreReadByName_PastAMalformedOne(string requestCacheControl)
    {
        var lines = requestCacheControl.Split('\n');

        Assert.False(SharedCacheRules.ForRequest("GET", CacheControlDirectives.Parse(lines)).UseCache);
    }

    /// <summary>A Set-Cookie is stored only when the origin marks the response explicitly shareable: public or s-maxage.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("max-age=60")]
    [InlineData("must-revalidate, max-age=60")]
    public void SetCookie_IsNotStored_UnlessExplicitlyShareable(string? cacheControl) =>
        AssertNotStored("set-cookie", Decide(cacheControl: cacheControl, setCookie: true));

    [Theory]
    [InlineData("public", 30)]
    [InlineData("public, max-age=60", 30)]
    [InlineData("s-maxage=20", 20)]
    public void SetCookie_IsStored_WhenPublicOrSMaxAge(string cacheControl, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Decide(cacheControl: cacheControl, setCookie: true).TimeToLive);

    [Theory]
    [InlineData("public, private=\"Set-Cookie\"", "private")]
    [InlineData("public, no-cache=\"Set-Cookie\"", "no-cache")]
    public void SetCookie_ThatTheOriginKeepsFromSharedCaches_IsNotStored_EvenWhenPublic(string cacheControl, string reason) =>
        AssertNotStored(reason, Decide(cacheControl: cacheControl, setCookie: true));

    [Fact]
    public void ResponseToAnAuthorizedRequest_IsNotStored() =>
        AssertNotStored("authorization", Decide(cacheControl: "max-age=60", authorization: true));

    [Theory]
    [InlineData("public")]
    [InlineData("s-maxage=60")]
    [InlineData("must-revalidate, max-age=60")]
    public void ResponseToAnAuthorizedRequest_IsStoredWhenTheOriginAllowsSharing(string cacheControl)
    {
        Assert.True(Decide(cacheControl: cacheControl, authorization: true).Store);
    }

    [Fact]
    public void SMaxAge_WinsOverMaxAge()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Decide(cacheControl: "max-age=20, s-maxage=5").TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(20), Decide(cacheControl: "max-age=5, s-maxage=20").TimeToLive);
    }

    [Theory]
    [InlineData("max-age=10", 10)] // an origin max-age shorter than the ttl wins
    [InlineData("PUBLIC,  Max-Age=7 , x-custom=\"no-store\"", 7)] // directives are read one by one, not as a whole string
    public void CacheControlLifetime_IsTheTimeToLive(string cacheControl, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Decide(cacheControl: cacheControl).TimeToLive);

    [Fact]
    public void OriginMaxAgeLongerThanTheTtl_IsCappedAtTheTtl() =>
        Assert.Equal(Ttl, Decide(cacheControl: "max-age=120").TimeToLive);

    [Fact]
    public void OriginMaxAgeLongerThanTheTtl_WinsWhenRespectOriginMaxAgeIsOn() =>
        Assert.Equal(TimeSpan.FromSeconds(120), Decide(cacheControl: "max-age=120", respectOriginMaxAge: true).TimeToLive);

    [Theory]
    [InlineData("max-age=0")]
    [InlineData("s-maxage=0, max-age=60")]
    public void ZeroOriginLifetime_IsNotStored(string cacheControl) =>
        AssertNotStored("zero-lifetime", Decide(cacheControl: cacheControl, respectOriginMaxAge: true));

    [Fact]
    public void ExpiresSoonerThanTheTtl_Wins() =>
        Assert.Equal(TimeSpan.FromSeconds(12), Decide(expires: TimeSpan.FromSeconds(12)).TimeToLive);

    [Fact]
    public void ExpiresInThePast_IsNotStored() => AssertNotStored("expired", Decide(expires: TimeSpan.Zero));

    [Fact]
    public void MaxAge_WinsOverExpires() =>
        Assert.Equal(TimeSpan.FromSeconds(20), Decide(cacheControl: "max-age=20", expires: TimeSpan.Zero).TimeToLive);

    /// <summary>Origin-exact: only an explicit lifetime (RFC 9111 §4.2.1), as the origin gave it; none is invented (§4.2.2).</summary>
    [Theory]
    [InlineData("max-age=120", 120)] // longer than the ttl: kept as it is
    [InlineData("max-age=5", 5)]
    [InlineData("max-age=60, s-maxage=90", 90)]
    public void OriginExact_UsesTheOriginsLifetimeAsItIs(string cacheControl, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Decide(cacheControl: cacheControl, freshness: CacheFreshness.OriginExact).TimeToLive);

    [Fact]
    public void OriginExact_UsesExpires() =>
        Assert.Equal(TimeSpan.FromSeconds(600), Decide(expires: TimeSpan.FromSeconds(600), freshness: CacheFreshness.OriginExact).TimeToLive);

    [Theory]
    [InlineData(null)]
    [InlineData("public")]
    [InlineData("must-revalidate")]
    public void OriginExact_WithoutAnExplicitLifetime_IsNotStored(string? cacheControl) =>
        AssertNotStored("no-explicit-freshness", Decide(cacheControl: cacheControl, freshness: CacheFreshness.OriginExact));

    /// <summary>RFC 9111 §4.2: a response is fresh while its age is below its lifetime, so one that arrives at or past it is not stored.</summary>
    [Theory]
    [InlineData("max-age=60", 60)]
    [InlineData("max-age=60", 2147483648L)] // an Age of 2^31 or more (capped) outlasts any lifetime
    [InlineData(null, 30)] // the ttl counts from when the origin made the response too
    public void AgeReachingTheLifetime_IsStaleOnArrival(string? cacheControl, long ageSeconds) =>
        AssertNotStored("stale-on-arrival", Decide(cacheControl: cacheControl, age: TimeSpan.FromSeconds(ageSeconds), respectOriginMaxAge: true));

    /// <summary>RFC 9211 §2.5: ttl is the freshness left, the lifetime less the age the response arrived with.</summary>
    [Fact]
    public void Decision_CarriesTheOriginAge_AndTheFreshnessLeft()
    {
        var decision = Decide(cacheControl: "max-age=60", age: TimeSpan.FromSeconds(45), respectOriginMaxAge: true);

        Assert.Equal(TimeSpan.FromSeconds(60), decision.TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(45), decision.Age);
        Assert.Equal(TimeSpan.FromSeconds(15), decision.FreshnessLeft);
        Assert.Equal("stored; ttl=15", decision.CacheStatusParameters);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("Accept-Encoding, *")]
    public void VaryStar_IsNotStored(string vary) => AssertNotStored("vary-star", Decide(vary: vary));

    [Fact]
    public void VaryOnNamedHeaders_IsStored() => Assert.True(Decide(vary: "Accept-Encoding, Accept-Language").Store);

    [Theory]
    [InlineData("no-store", "request-no-store")]
    [InlineData("no-cache", "request-no-cache")]
    public void RequestNoStoreOrNoCache_BypassesTheCache_AndItsResponseIsNotStored(string requestCacheControl, string reason)
    {
        var request = SharedCacheRules.ForRequest("GET", CacheControlDirectives.Parse(requestCacheControl));

        Assert.False(request.UseCache);
        Assert.Equal($"fwd=request; detail={reason}", request.CacheStatusParameters);
        AssertNotStored(reason, Decide(requestCacheControl: requestCacheControl));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public void UnsafeMethod_NeverUsesTheCache(string method)
    {
        var request = SharedCacheRules.ForRequest(method, CacheControlDirectives.None);

        Assert.False(request.UseCache);
        Assert.Equal("method", request.Forward);
    }

    [Fact]
    public void Get_LooksUpAndMayFill() =>
        Assert.Equal(new RequestDecision(true, true, null, null), SharedCacheRules.ForRequest("GET", CacheControlDirectives.None));

    [Fact]
    public void Head_LooksUpButMayNotFill() =>
        Assert.Equal(new RequestDecision(true, false, null, null), SharedCacheRules.ForRequest("HEAD", CacheControlDirectives.None));

    [Fact]
    public void Decision_GivesItsCacheStatusParameters()
    {
        Assert.Equal("stored; ttl=10", Decide(cacheControl: "max-age=10").CacheStatusParameters);
        Assert.Equal("detail=no-store", Decide(cacheControl: "no-store").CacheStatusParameters);
    }

    [Theory]
    [InlineData("max-age=0", 0L, null, null, false)]
    [InlineData("min-fresh=30", null, 30L, null, false)]
    [InlineData("max-stale=5", null, null, 5L, false)]
    [InlineData("max-stale", null, null, -1L, false)]           // §5.2.1.2: without a value, any staleness
    [InlineData("only-if-cached", null, null, null, true)]
    [InlineData("max-age=abc, min-fresh=\"5\"", null, null, null, false)]   // unreadable values are ignored
    public void RequestDirectives_5_2_1_AreRead(string cacheControl, long? maxAge, long? minFresh, long? maxStale, bool onlyIfCached)
    {
        var decision = SharedCacheRules.ForRequest("GET", CacheControlDirectives.Parse(cacheControl));

        Assert.True(decision.UseCache);
        Assert.Equal(maxAge, decision.Freshness?.MaxAge is { } a ? (long)a.TotalSeconds : null);
        Assert.Equal(minFresh, decision.Freshness?.MinFresh is { } f ? (long)f.TotalSeconds : null);
        Assert.Equal(maxStale, decision.Freshness?.MaxStale is { } s ? (s == TimeSpan.MaxValue ? -1L : (long)s.TotalSeconds) : null);
        Assert.Equal(onlyIfCached, decision.OnlyIfCached);
    }
}
