namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A stored response is used only for requests that match it on every header its Vary names; other
/// variants are forwarded (not stored: one variant per key). <c>Vary: *</c> is never stored.
/// </summary>
public sealed class VaryTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? acceptLanguage) =>
        cache.GetAsync(pathAndQuery, ("Accept-Language", acceptLanguage));

    [Fact]
    public async Task SameVaryValue_Hits()
    {
        using var first = await GetAsync("/up/r/vary-same?vary=Accept-Language", "de");
        using var second = await GetAsync("/up/r/vary-same?vary=Accept-Language", "de");

        Assert.Equal("HIT", second.XCache());
        Assert.EndsWith("lang=de", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, cache.Origin.CallsTo("vary-same"));
    }

    [Fact]
    public async Task OtherVaryValue_IsNeverGivenTheStoredVariant()
    {
        using var german = await GetAsync("/up/r/vary-other?vary=Accept-Language", "de");
        using var english = await GetAsync("/up/r/vary-other?vary=Accept-Language", "en");
        using var none = await GetAsync("/up/r/vary-other?vary=Accept-Language", null);
        using var germanAgain = await GetAsync("/up/r/vary-other?vary=Accept-Language", "de");

        Assert.Equal("MISS", english.XCache());
        Assert.Equal("Gateway; fwd=vary-miss", english.CacheStatus());
        Assert.EndsWith("lang=en", await english.Content.ReadAsStringAsync());
        Assert.Equal("MISS", none.XCache());
        Assert.EndsWith("lang=", await none.Content.ReadAsStringAsync());
        // The other variants did not displace the stored one.
        Assert.Equal("HIT", germanAgain.XCache());
        Assert.EndsWith("lang=de", await germanAgain.Content.ReadAsStringAsync());
        Assert.Equal(3, cache.Origin.CallsTo("vary-other"));
    }

    [Fact]
    public async Task AbsentVaryHeader_MatchesAbsent()
    {
        using var first = await GetAsync("/up/r/vary-absent?vary=Accept-Language", null);
        using var second = await GetAsync("/up/r/vary-absent?vary=Accept-Language", null);
        using var withLanguage = await GetAsync("/up/r/vary-absent?vary=Accept-Language", "fr");

        Assert.Equal("HIT", second.XCache());
        Assert.Equal("MISS", withLanguage.XCache());
        Assert.EndsWith("lang=fr", await withLanguage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task VaryStar_IsNeverStored()
    {
        using var first = await GetAsync("/up/r/vary-star?vary=*", "de");
        using var second = await GetAsync("/up/r/vary-star?vary=*", "de");

        Assert.Equal("Gateway; fwd=uri-miss; detail=vary-star", first.CacheStatus());
        Assert.Equal("MISS", second.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("vary-star"));
    }
}
