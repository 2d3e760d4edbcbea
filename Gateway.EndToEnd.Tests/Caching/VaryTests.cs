using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// RFC 9111 §4.1 through the real gateway: a key keeps several variants, each used only for requests with the same
/// values of the fields its response's Vary names (normalised: lines joined, whitespace around list members dropped;
/// an absent field is not an empty one), up to <c>max-variants</c>, the least recently used going first. A request
/// with other values is forwarded (<c>fwd=vary-miss</c>) and its response stored as one more variant.
/// <c>Vary: *</c> is never stored, so never a hit.
/// </summary>
public sealed class VaryTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? acceptLanguage) =>
        cache.GetAsync(pathAndQuery, ("Accept-Language", acceptLanguage));

    /// <summary>A GET with its header lines exactly as given: HttpClient would join a repeated field into one line.</summary>
    private static async Task<RawHttpResponse> RawGetAsync(RunningApp gateway, string pathAndQuery, params string[] headerLines)
    {
        await using var client = await RawHttpClient.ConnectAsync(gateway.Address);
        var lines = string.Concat(headerLines.Select(line => line + "\n"));
        await client.SendAsync($"GET {pathAndQuery} HTTP/1.1\nHost: {gateway.Address.Authority}\n{lines}Connection: close\n\n");
        return await client.ReadResponseAsync();
    }

    private Task<RawHttpResponse> RawGetAsync(string pathAndQuery, params string[] headerLines) =>
        RawGetAsync(cache.Gateway, pathAndQuery, headerLines);

    [Fact]
    public async Task EnglishThenFrenchThenEnglish_4_1_MissMissHit_OneOriginCallPerVariant()
    {
        const string path = "/up/r/vary-en-fr?vary=Accept-Language";
        using var english = await GetAsync(path, "en");
        using var french = await GetAsync(path, "fr");
        using var englishAgain = await GetAsync(path, "en");
        using var frenchAgain = await GetAsync(path, "fr");

        Assert.Equal(["MISS", "MISS", "HIT", "HIT"], new[] { english, french, englishAgain, frenchAgain }.Select(r => r.XCache()));
        Assert.StartsWith("Gateway; fwd=vary-miss", french.CacheStatus());
        Assert.Equal(english.Serial(), englishAgain.Serial());
        Assert.Equal(french.Serial(), frenchAgain.Serial());
        Assert.EndsWith("lang=en", await englishAgain.Content.ReadAsStringAsync());
        Assert.EndsWith("lang=fr", await frenchAgain.Content.ReadAsStringAsync());
        Assert.Equal(2, cache.Origin.CallsTo("vary-en-fr"));
    }

    [Fact]
    public async Task OtherVaryValue_4_1_IsNeverGivenAnotherVariant()
    {
        const string path = "/up/r/vary-other?vary=Accept-Language";
        using var german = await GetAsync(path, "de");
        using var english = await GetAsync(path, "en");
        using var none = await GetAsync(path, null);
        using var germanAgain = await GetAsync(path, "de");
        using var noneAgain = await GetAsync(path, null);

        Assert.Equal("MISS", english.XCache());
        Assert.EndsWith("lang=en", await english.Content.ReadAsStringAsync());
        Assert.Equal("MISS", none.XCache());
        Assert.EndsWith("lang=", await none.Content.ReadAsStringAsync());
        // The other variants did not displace the first.
        Assert.Equal("HIT", germanAgain.XCache());
        Assert.EndsWith("lang=de", await germanAgain.Content.ReadAsStringAsync());
        Assert.Equal("HIT", noneAgain.XCache());
        Assert.EndsWith("lang=", await noneAgain.Content.ReadAsStringAsync());
        Assert.Equal(3, cache.Origin.CallsTo("vary-other"));
    }

    [Fact]
    public async Task TwoVaryFields_4_1_BothMustMatch()
    {
        var path = $"/up/r/vary-two?vary={Uri.EscapeDataString("Accept-Language, X-Tenant")}";
        Task<HttpResponseMessage> Get(string language, string tenant) => cache.GetAsync(path, ("Accept-Language", language), ("X-Tenant", tenant));
        using var first = await Get("de", "1");
        using var otherTenant = await Get("de", "2");
        using var otherLanguage = await Get("en", "1");
        using var firstAgain = await Get("de", "1");
        using var otherTenantAgain = await Get("de", "2");

        Assert.Equal(["MISS", "MISS", "MISS", "HIT", "HIT"],
            new[] { first, otherTenant, otherLanguage, firstAgain, otherTenantAgain }.Select(r => r.XCache()));
        Assert.Equal(first.Serial(), firstAgain.Serial());
        Assert.Equal(otherTenant.Serial(), otherTenantAgain.Serial());
        Assert.Equal(3, cache.Origin.CallsTo("vary-two"));
    }

    [Fact]
    public async Task AbsentVaryField_4_1_MatchesAbsent_ButNotAnEmptyField()
    {
        const string path = "/up/r/vary-absent?vary=Accept-Language";
        var absent = await RawGetAsync(path);
        var absentAgain = await RawGetAsync(path);
        var empty = await RawGetAsync(path, "Accept-Language:");
        var emptyAgain = await RawGetAsync(path, "Accept-Language: ");
        var french = await RawGetAsync(path, "Accept-Language: fr");

        Assert.Equal(["MISS", "HIT", "MISS", "HIT", "MISS"], new[] { absent, absentAgain, empty, emptyAgain, french }.Select(r => r.Header("X-Cache")));
        Assert.Equal(absent.Header("X-Serial"), absentAgain.Header("X-Serial"));
        Assert.Equal(empty.Header("X-Serial"), emptyAgain.Header("X-Serial"));
        Assert.NotEqual(absent.Header("X-Serial"), empty.Header("X-Serial"));
        Assert.Equal(3, cache.Origin.CallsTo("vary-absent"));
    }

    [Fact]
    public async Task RepeatedFieldLines_4_1_AreOneList()
    {
        const string path = "/up/r/vary-lines?vary=Accept-Encoding";
        var twoLines = await RawGetAsync(path, "Accept-Encoding: gzip", "Accept-Encoding: br");
        var oneLine = await RawGetAsync(path, "Accept-Encoding: gzip, br");
        var reversed = await RawGetAsync(path, "Accept-Encoding: br, gzip");

        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)twoLines.Status);
        Assert.Equal(["MISS", "HIT", "MISS"], new[] { twoLines, oneLine, reversed }.Select(r => r.Header("X-Cache")));
        Assert.Equal(twoLines.Header("X-Serial"), oneLine.Header("X-Serial"));
        Assert.Equal(2, cache.Origin.CallsTo("vary-lines"));
    }

    [Fact]
    public async Task WhitespaceAroundListMembers_4_1_IsNotADifference()
    {
        const string path = "/up/r/vary-space?vary=Accept-Language";
        var tidy = await RawGetAsync(path, "Accept-Language: de, en;q=0.5");
        var spaced = await RawGetAsync(path, "Accept-Language:   de ,en;q=0.5\t");
        var otherValue = await RawGetAsync(path, "Accept-Language: de, en;q=0.6");

        Assert.Equal(["MISS", "HIT", "MISS"], new[] { tidy, spaced, otherValue }.Select(r => r.Header("X-Cache")));
        Assert.Equal(tidy.Header("X-Serial"), spaced.Header("X-Serial"));
        Assert.Equal(2, cache.Origin.CallsTo("vary-space"));
    }

    [Fact]
    public async Task VaryStar_4_1_IsNeverAHit()
    {
        using var first = await GetAsync("/up/r/vary-star?vary=*", "de");
        using var second = await GetAsync("/up/r/vary-star?vary=*", "de");
        using var third = await GetAsync("/up/r/vary-star?vary=*", "de");

        Assert.Equal("Gateway; fwd=uri-miss; detail=vary-star", first.CacheStatus());
        Assert.Equal(["MISS", "MISS"], new[] { second, third }.Select(r => r.XCache()));
        Assert.Equal(3, cache.Origin.CallsTo("vary-star"));
    }

    [Fact]
    public async Task UnsafeMethod_4_1_And_4_4_InvalidatesEveryVariant()
    {
        const string path = "/up/r/vary-invalidate?vary=Accept-Language";
        foreach (var language in new[] { "en", "fr", "en", "fr" }) (await GetAsync(path, language)).Dispose();
        Assert.Equal(2, cache.Origin.CallsTo("vary-invalidate"));

        using (var change = await cache.Client.PostAsync(cache.Url(path), new StringContent("x")))
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        using var english = await GetAsync(path, "en");
        using var french = await GetAsync(path, "fr");

        Assert.Equal(["MISS", "MISS"], new[] { english, french }.Select(r => r.XCache()));
        Assert.Equal(5, cache.Origin.CallsTo("vary-invalidate"));
    }

    [Fact]
    public async Task OneVariantMoreThanMaxVariants_4_1_TheLeastRecentlyUsedIsFetchedAgain()
    {
        await using var gateway = await GatewayWithCacheOrigin.StartAsync(origin =>
            GatewayWithCacheOrigin.CachedUpRoute(origin, "gateway.cache.max-variants = 2"));
        const string path = "/up/r/vary-bounded?vary=Accept-Language";
        Task<HttpResponseMessage> Get(string language) => gateway.GetAsync(path, ("Accept-Language", language));

        using var english = await Get("en");
        using var french = await Get("fr");
        using var englishHit = await Get("en");          // en is now used more recently than fr
        using var german = await Get("de");              // a third variant: fr goes
        // Stored (and fr let go of) once it is published: its fill is told after its response went out.
        await new CacheBoardProbe(gateway.Gateway).WaitUntilPublishedAsync(path, ("Accept-Language", "de"));
        using var englishStill = await Get("en");
        using var frenchAgain = await Get("fr");

        Assert.Equal(["MISS", "MISS", "HIT", "MISS", "HIT", "MISS"],
            new[] { english, french, englishHit, german, englishStill, frenchAgain }.Select(r => r.XCache()));
        Assert.Equal(english.Serial(), englishStill.Serial());
        Assert.NotEqual(french.Serial(), frenchAgain.Serial());
        Assert.Equal(4, gateway.Origin.CallsTo("vary-bounded"));
    }
}
