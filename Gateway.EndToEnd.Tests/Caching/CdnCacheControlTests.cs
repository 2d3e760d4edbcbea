using static Gateway.EndToEnd.Tests.Caching.OriginQuery;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// RFC 9213: <c>CDN-Cache-Control</c> decides for the gateway, as for a CDN, over <c>Cache-Control</c> and
/// <c>Expires</c> (§2.1), when it is a valid, non-empty Dictionary Structured Field (§2.2); otherwise those
/// decide. A route with <c>cdn-cache-control = off</c> passes the field on unread.
/// </summary>
public sealed class CdnCacheControlTests(CacheModesFixture system) : IClassFixture<CacheModesFixture>
{
    private readonly StoreChecks _up = new(system);
    private readonly StoreChecks _noCdn = new(system, "/no-cdn");
    private readonly StoreChecks _exact = new(system, "/exact");

    private static string Cdn(string value) => Field("CDN-Cache-Control", value);

    /// <summary>§2.1, and RFC 9213 §3.1's example: CDN-Cache-Control: max-age=600 with Cache-Control: no-store is stored by a CDN.</summary>
    [Fact]
    public async Task Rfc9213_2_1_TargetedField_WinsOverCacheControl()
    {
        var (miss, hit) = await _up.TwiceAsync("cdn-over-no-store", Of(Cdn("max-age=10"), CacheControl("no-store")));

        _up.AssertStored("cdn-over-no-store", miss, hit);
        Assert.Equal("Gateway; fwd=uri-miss; ttl=10", miss.CacheStatus());
        // Passed on to the client as it came (CDNs downstream may use it), and replayed with the hit.
        Assert.Equal("max-age=10", miss.Header("CDN-Cache-Control"));
        Assert.Equal("max-age=10", hit.Header("CDN-Cache-Control"));
        Assert.Equal("no-store", hit.Header("Cache-Control"));
    }

    [Theory]
    [InlineData("cdn-no-store", "no-store", "no-store")]
    [InlineData("cdn-private", "private", "private")]
    [InlineData("cdn-private-field", "private=\"Set-Cookie\", max-age=60", "private")]
    [InlineData("cdn-no-cache", "no-cache", "no-cache")]
    [InlineData("cdn-zero", "max-age=0", "zero-lifetime")]
    public Task Rfc9213_2_1_TargetedField_WinsInTheStricterDirectionToo(string name, string cdn, string reason) =>
        _up.AssertNotStoredAsync(name, Of(Cdn(cdn), CacheControl("public, max-age=60")), reason);

    /// <summary>§2.1: Expires is ignored too; "none" (§3.1) is valid and restricts nothing, so the route's ttl applies.</summary>
    [Theory]
    [InlineData("cdn-over-expires", "max-age=10", 10)]
    [InlineData("cdn-none", "none", 30)]
    public Task Rfc9213_2_1_TargetedField_WinsOverExpires(string name, string cdn, long ttl) =>
        _up.AssertStoredAsync(name, Of(Cdn(cdn), CacheControl("no-store"), Expires("0")), missTtl: ttl);

    /// <summary>§2.2: a field that is not a valid Dictionary Structured Field is ignored: Cache-Control decides (here, no-store).</summary>
    [Theory]
    [InlineData("cdn-bad-uppercase", "MAX-AGE=600")]
    [InlineData("cdn-bad-trailing-comma", "max-age=600,")]
    [InlineData("cdn-bad-space", "max-age = 600")]
    [InlineData("cdn-bad-unterminated", "max-age=600, x=\"open")]
    [InlineData("cdn-bad-integer", "max-age=1234567890123456")]
    public Task Rfc9213_2_2_InvalidTargetedField_IsIgnored_CacheControlDecides(string name, string cdn) =>
        _up.AssertNotStoredAsync(name, Of(Cdn(cdn), CacheControl("no-store")), "no-store");

    [Fact]
    public Task Rfc9213_2_2_InvalidTargetedField_IsIgnored_CacheControlLifetimeApplies() =>
        _up.AssertStoredAsync("cdn-bad-fallback", Of(Cdn("max-age=600;"), CacheControl("max-age=7")), missTtl: 7);

    /// <summary>§2.2: a lifetime of the wrong type (a String, a Decimal, negative) is not consumed: stale, not stored.</summary>
    [Theory]
    [InlineData("cdn-string-age", "max-age=\"60\"")]
    [InlineData("cdn-decimal-age", "max-age=1.5")]
    [InlineData("cdn-negative-age", "max-age=-1")]
    [InlineData("cdn-bare-age", "max-age")]
    public Task Rfc9213_2_2_WronglyTypedLifetime_IsInvalidFreshness(string name, string cdn) =>
        _up.AssertNotStoredAsync(name, Of(Cdn(cdn), CacheControl("max-age=60")), "invalid-freshness");

    /// <summary>RFC 8941 §4.2.2 (the field's syntax): a key given twice, here on two lines, keeps its last value.</summary>
    [Fact]
    public Task Rfc9213_2_2_RepeatedDirective_TakesTheLastValue() =>
        _up.AssertStoredAsync("cdn-repeated", Of(Cdn("max-age=20"), Cdn("max-age=5")), missTtl: 5);

    /// <summary>RFC 9111 §1.2.2 holds in the targeted field too: 2^31 or more is capped (seen where lifetimes are not cut to the ttl).</summary>
    [Fact]
    public Task Rfc9213_HugeLifetime_IsCapped() =>
        _exact.AssertStoredAsync("cdn-huge", Cdn("max-age=99999999999"), missTtl: 2147483648);

    /// <summary>Set-Cookie (see StorableStatusTests) is judged by the targeted field's directives when it decides.</summary>
    [Fact]
    public async Task Rfc9213_SetCookie_IsStoredWhenTheTargetedFieldSaysPublic()
    {
        await _up.AssertNotStoredAsync("cdn-cookie-plain", Of(Cdn("max-age=60"), CacheControl("public"), "cookie=a%3D1"), "set-cookie");
        await _up.AssertStoredAsync("cdn-cookie-public", Of(Cdn("public, max-age=60"), CacheControl("private"), "cookie=a%3D1"));
    }

    /// <summary>Origin-exact takes the targeted field's lifetime as it is.</summary>
    [Fact]
    public Task Rfc9213_OriginExactRoute_UsesTheTargetedLifetime() =>
        _exact.AssertStoredAsync("cdn-exact", Of(Cdn("max-age=600"), CacheControl("no-store")), missTtl: 600);

    /// <summary>cdn-cache-control = off: the field is not read (§2.1: a field off the target list changes nothing) and is passed on.</summary>
    [Fact]
    public async Task RouteWithTheTargetedFieldOff_ObeysCacheControl_AndPassesTheFieldOn()
    {
        var (first, second) = await _noCdn.TwiceAsync("no-cdn-no-store", Of(Cdn("max-age=600"), CacheControl("no-store")));

        _noCdn.AssertNotStored("no-cdn-no-store", "no-store", first, second);
        Assert.Equal("max-age=600", first.Header("CDN-Cache-Control"));
    }

    [Fact]
    public Task RouteWithTheTargetedFieldOff_UsesCacheControlsLifetime() =>
        _noCdn.AssertStoredAsync("no-cdn-lifetime", Of(Cdn("max-age=3"), CacheControl("max-age=20")), missTtl: 20);
}
