using System.Net;
using static Gateway.EndToEnd.Tests.Caching.OriginQuery;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// RFC 9111 §3: which responses are stored. The statuses cacheable by default (RFC 9110 §15.1) and any
/// other final status with an explicit lifetime; never a 206 (no ranges are kept). A Set-Cookie only when
/// the origin marks the response explicitly shareable. A stored response of any status is replayed as it came.
/// </summary>
public sealed class StorableStatusTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly StoreChecks _checks = new(cache);

    /// <summary>§3, §4.2.1: with explicit freshness any final status is stored (and never given a heuristic lifetime).</summary>
    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(409)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Rfc9111_3_OtherFinalStatus_WithExplicitFreshness_IsStored(int status)
    {
        var name = $"explicit-{status}";
        var (miss, hit) = await _checks.TwiceAsync(name, Of($"status={status}", CacheControl("max-age=20")));

        _checks.AssertStored(name, miss, hit);
        Assert.Equal(status, (int)hit.StatusCode);
        Assert.Equal("Gateway; fwd=uri-miss; ttl=20", miss.CacheStatus());
    }

    [Fact]
    public async Task Rfc9111_3_OtherFinalStatus_WithExpires_IsStored()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(20).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        await _checks.AssertStoredAsync("explicit-expires-500", Of("status=500", Expires(expires)));
    }

    /// <summary>§3: 206 is never stored from upstream here (no ranges are kept), whatever its lifetime.</summary>
    [Fact]
    public Task Rfc9111_3_PartialContent_IsNotStored() =>
        _checks.AssertNotStoredAsync("partial-206", Of("status=206", CacheControl("public, max-age=60"), Field("Content-Range", "bytes 0-4/100")), "status");

    /// <summary>§5.2.2.3: must-understand stores a status the gateway understands (ignoring no-store), and no other.</summary>
    [Fact]
    public async Task Rfc9111_5_2_2_3_MustUnderstand()
    {
        await _checks.AssertStoredAsync("must-understand-200", CacheControl("must-understand, no-store, max-age=20"));
        await _checks.AssertNotStoredAsync("must-understand-302", Of("status=302", CacheControl("must-understand, max-age=20")), "must-understand");
    }

    /// <summary>A Set-Cookie is stored only when the origin says the response may be shared: public or s-maxage.</summary>
    [Theory]
    [InlineData("cookie-silent", "")]
    [InlineData("cookie-max-age", "max-age=60")]
    [InlineData("cookie-must-revalidate", "must-revalidate, max-age=60")]
    public Task SetCookie_WithoutExplicitSharing_IsNotStored(string name, string cacheControl) =>
        _checks.AssertNotStoredAsync(name, Of("cookie=session%3D1", CacheControl(cacheControl)), "set-cookie");

    /// <summary>Stored, the cookie is replayed to every client that hits: that is what the origin allowed.</summary>
    [Theory]
    [InlineData("cookie-public", "public")]
    [InlineData("cookie-public-max-age", "public, max-age=60")]
    [InlineData("cookie-s-maxage", "s-maxage=60")]
    public async Task SetCookie_MarkedShareable_IsStored_AndReplayed(string name, string cacheControl)
    {
        var (miss, hit) = await _checks.TwiceAsync(name, Of("cookie=session%3D1", CacheControl(cacheControl)));

        _checks.AssertStored(name, miss, hit);
        Assert.Equal("session=1", hit.Header("Set-Cookie"));
    }

    [Theory]
    [InlineData("cookie-public-private-field", "public, private=\"Set-Cookie\"", "private")]
    [InlineData("cookie-public-no-cache-field", "public, no-cache=\"Set-Cookie\"", "no-cache")]
    public Task SetCookie_TheOriginKeepsFromSharedCaches_IsNotStored(string name, string cacheControl, string reason) =>
        _checks.AssertNotStoredAsync(name, Of("cookie=session%3D1", CacheControl(cacheControl)), reason);

    /// <summary>A stored response of any status comes back as it was: status, every end-to-end field, body.</summary>
    [Theory]
    [InlineData(301, "")]
    [InlineData(308, "")]
    [InlineData(404, "")]
    [InlineData(410, "")]
    [InlineData(204, "")]
    [InlineData(302, "max-age=20")]
    [InlineData(500, "max-age=20")]
    public async Task StoredResponseOfAnyStatus_IsReplayedFaithfully(int status, string cacheControl)
    {
        var name = $"faithful-{status}";
        var query = Of($"status={status}", Field("Location", "/elsewhere?x=1"), Field("X-Origin-Note", "one"), Field("X-Origin-Note", "two"));
        if (cacheControl.Length > 0) query = Of(query, CacheControl(cacheControl));
        var (miss, hit) = await _checks.TwiceAsync(name, query);

        _checks.AssertStored(name, miss, hit);
        Assert.Equal((HttpStatusCode)status, hit.StatusCode);
        Assert.Equal(await miss.Content.ReadAsByteArrayAsync(), await hit.Content.ReadAsByteArrayAsync());
        Assert.Equal(EndToEndFields(miss), EndToEndFields(hit));
        Assert.Equal("one, two", hit.Header("X-Origin-Note"));
        Assert.Equal("/elsewhere?x=1", hit.Header("Location"));
    }

    /// <summary>
    /// Every field as the client sees it, but the ones the cache writes afresh on each answer and the
    /// message framing (RFC 9112 §6: a miss streams chunked, a hit knows its length), which is not content.
    /// </summary>
    private static SortedDictionary<string, string> EndToEndFields(HttpResponseMessage response)
    {
        string[] cacheOwn = ["X-Cache", "Cache-Status", "Age", "Transfer-Encoding", "Content-Length"];
        var fields = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!cacheOwn.Contains(name, StringComparer.OrdinalIgnoreCase)) fields[name] = string.Join("\n", values);
        return fields;
    }
}
