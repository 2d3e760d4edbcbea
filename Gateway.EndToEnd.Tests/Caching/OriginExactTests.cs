using static Gateway.EndToEnd.Tests.Caching.OriginQuery;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// <c>freshness = origin-exact</c>: only the origin's explicit lifetime (RFC 9111 §4.2.1: s-maxage, max-age,
/// Expires) is used, as it is; a response without one is not stored, since no heuristic lifetime is
/// invented (§4.2.2 allows one, never requires it). The default, <c>ttl</c>, stays on other routes.
/// </summary>
public sealed class OriginExactTests(CacheModesFixture system) : IClassFixture<CacheModesFixture>
{
    private readonly StoreChecks _exact = new(system, "/exact");
    private readonly StoreChecks _up = new(system);

    [Theory]
    [InlineData("exact-silent", "")]
    [InlineData("exact-public", "cc=public")]
    [InlineData("exact-must-revalidate", "cc=must-revalidate")]
    // A validator alone would need revalidation (§4.3), which the gateway does not do yet.
    [InlineData("exact-etag-only", "header=ETag%3A%20%22v1%22")]
    [InlineData("exact-last-modified-only", "header=Last-Modified%3A%20Sun%2C%2006%20Nov%201994%2008%3A49%3A37%20GMT")]
    public Task Rfc9111_4_2_2_NoExplicitLifetime_IsNotStored(string name, string query) =>
        _exact.AssertNotStoredAsync(name, query, "no-explicit-freshness");

    /// <summary>RFC 9111 §4.2.1: the explicit lifetime, even one far longer than the route's ttl (30 s).</summary>
    [Theory]
    [InlineData("exact-max-age", "max-age=3600", 3600)]
    [InlineData("exact-s-maxage", "max-age=3600, s-maxage=90", 90)]
    [InlineData("exact-short", "max-age=4", 4)]
    public async Task Rfc9111_4_2_1_ExplicitLifetime_IsUsedAsItIs(string name, string cacheControl, long seconds)
    {
        var (miss, hit) = await _exact.TwiceAsync(name, CacheControl(cacheControl));

        _exact.AssertStored(name, miss, hit);
        Assert.Equal($"Gateway; fwd=uri-miss; ttl={seconds}", miss.CacheStatus());
        Assert.InRange(hit.CacheStatusTtl()!.Value, seconds - 1, seconds);
    }

    [Fact]
    public async Task Rfc9111_4_2_1_Expires_IsAnExplicitLifetime()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(600).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var (miss, hit) = await _exact.TwiceAsync("exact-expires", Expires(expires));

        _exact.AssertStored("exact-expires", miss, hit);
        Assert.InRange(miss.CacheStatusTtl()!.Value, 598, 602);
    }

    /// <summary>The default mode is unchanged: a response that says nothing is kept for the route's ttl.</summary>
    [Fact]
    public Task DefaultRoute_StillGivesASilentResponseTheTtl() =>
        _up.AssertStoredAsync("ttl-silent", "", missTtl: 30);
}
