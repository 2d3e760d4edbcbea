using System.Net;
using System.Net.Http.Headers;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>The RFC 9111 rules of a shared cache, through the real gateway: what is stored, for how long, and for whom.</summary>
public sealed class SharedCacheRuleTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    private readonly StoreChecks _checks = new(cache);

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
    public Task HeuristicallyCacheableStatus_IsStored(int status) => _checks.AssertStoredAsync($"status-{status}", $"status={status}");

    /// <summary>RFC 9111 §3: any other final status is stored only with explicit freshness (see StorableStatusTests).</summary>
    [Theory]
    [InlineData(201)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    public Task OtherStatus_IsNotStored_WithoutExplicitFreshness(int status) =>
        _checks.AssertNotStoredAsync($"status-{status}", $"status={status}&cc=public", "status");

    [Fact]
    public async Task StoredNotFound_IsReplayedAsNotFound()
    {
        await _checks.AssertStoredAsync("not-found", "status=404");
        using var again = await _client.GetAsync(cache.Url("/up/r/not-found?status=404"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.StartsWith("not-found #", await again.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("no-store", "cc=no-store", "no-store")]
    [InlineData("private", "cc=private,max-age%3D60", "private")]
    [InlineData("resp-no-cache", "cc=no-cache", "no-cache")]
    [InlineData("cookie", "cookie=session%3D1&cc=max-age%3D60", "set-cookie")]
    [InlineData("max-age-zero", "cc=max-age%3D0", "zero-lifetime")]
    [InlineData("expires-past", "expires=Thu,%2001%20Jan%201970%2000:00:00%20GMT", "expired")]
    [InlineData("expires-zero", "expires=0", "expired")] // an Expires that is not a date counts as expired
    public Task ResponseTheOriginKeepsFromSharedCaches_IsNotStored_AndSaysWhy(string name, string query, string reason) =>
        _checks.AssertNotStoredAsync(name, query, reason);

    /// <summary>
    /// RFC 9111 §5.2 and §4.2.1, the safety defect: a Cache-Control that a whole-field parser refuses
    /// still says <c>private</c> or <c>no-store</c>, and must never be stored and served to another
    /// client. Field lines are separated by <c>|</c> and sent as separate header lines.
    /// </summary>
    [Theory]
    [InlineData("cc-bad-1", "private, max-age=-1", "private")]
    [InlineData("cc-bad-2", "private, max-age=\"60\"", "private")]
    [InlineData("cc-bad-3", "private, max-age=99999999999", "private")]
    [InlineData("cc-bad-4", "no-store, max-age=2147483648", "no-store")]
    [InlineData("cc-bad-5", "no-store, foo=\"unterminated", "no-store")]
    [InlineData("cc-bad-6", "no-cache, s-maxage=-5", "invalid-freshness")]
    [InlineData("cc-bad-7", "private|max-age=60, bar=\"x", "private")]
    [InlineData("cc-bad-8", "max-age=60, bar=\"x", "malformed-cache-control")]
    [InlineData("cc-bad-9", "max-age=60|max-age=60", "invalid-freshness")]
    public Task CacheControlThatCannotBeFullyRead_IsNotStored(string name, string fieldLines, string reason) =>
        _checks.AssertNotStoredAsync(name, string.Join('&', fieldLines.Split('|').Select(line => "cc=" + Uri.EscapeDataString(line))), reason);

    /// <summary>RFC 9111 §1.2.2: a max-age past 2^31 is capped, not refused (still stored, for the route's ttl).</summary>
    [Fact]
    public Task HugeMaxAge_IsStillStored() => _checks.AssertStoredAsync("cc-huge", "cc=" + Uri.EscapeDataString("public, max-age=99999999999"));

    private static void Authorized(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "secret");

    [Fact]
    public Task ResponseToAnAuthorizedRequest_IsNotStored() =>
        _checks.AssertNotStoredAsync("auth-plain", "cc=max-age%3D60", "authorization", Authorized);

    [Theory]
    [InlineData("auth-public", "cc=public")]
    [InlineData("auth-s-maxage", "cc=s-maxage%3D60")]
    public Task ResponseToAnAuthorizedRequest_IsStoredWhenTheOriginSaysItMayBeShared(string name, string query) =>
        _checks.AssertStoredAsync(name, query, Authorized);

    [Fact]
    public async Task OriginMaxAgeShorterThanTheTtl_Wins()
    {
        var (miss, hit) = await _checks.TwiceAsync("max-age-short", "cc=max-age%3D5");

        Assert.Equal("Gateway; fwd=uri-miss; ttl=5", miss.CacheStatus());
        Assert.Equal("HIT", hit.XCache());
        Assert.InRange(hit.CacheStatusTtl()!.Value, 4, 5);
    }

    [Fact]
    public async Task SMaxAge_WinsOverMaxAge()
    {
        var (miss, hit) = await _checks.TwiceAsync("s-maxage", "cc=max-age%3D20,s-maxage%3D7");

        Assert.Equal("Gateway; fwd=uri-miss; ttl=7", miss.CacheStatus());
        Assert.InRange(hit.CacheStatusTtl()!.Value, 6, 7);
    }

    [Fact]
    public async Task OriginMaxAgeLongerThanTheTtl_IsCappedAtTheTtl()
    {
        var (miss, _) = await _checks.TwiceAsync("max-age-long", "cc=max-age%3D3600");

        Assert.Equal("Gateway; fwd=uri-miss; ttl=30", miss.CacheStatus());
    }

    [Fact]
    public async Task OriginMaxAgeLongerThanTheTtl_WinsWhenTheRouteRespectsIt()
    {
        await using var gateway = await Infrastructure.TestGateway.StartForAsync(cache.OriginAddress, $$"""
            {{CachingFixture.CacheOn}}
            gateway.routes.up.cache { respect-origin-max-age = on }
            """);

        using var miss = await _client.GetAsync(gateway.Url("/up/r/max-age-respected?cc=max-age%3D3600"));

        Assert.Equal("Gateway; fwd=uri-miss; ttl=3600", miss.CacheStatus());
    }

    [Fact]
    public async Task ExpiresSoonerThanTheTtl_Wins()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(12).ToString("R");
        using var miss = await _client.GetAsync(cache.Url($"/up/r/expires-soon?expires={Uri.EscapeDataString(expires)}"));

        Assert.Matches(@"^Gateway; fwd=uri-miss; ttl=1[0-3]$", miss.CacheStatus());
    }

    [Theory]
    [InlineData("no-cache", "request-no-cache")]
    [InlineData("no-store", "request-no-store")]
    public async Task RequestNoCacheOrNoStore_GoesUpstream_EvenWhenStored(string directive, string detail)
    {
        var name = $"req-{directive}";
        using var stored = await _client.GetAsync(cache.Url($"/up/r/{name}"));

        using var bypassed = await cache.GetAsync($"/up/r/{name}", ("Cache-Control", directive));
        using var afterwards = await _client.GetAsync(cache.Url($"/up/r/{name}"));

        Assert.Equal("BYPASS", bypassed.XCache());
        Assert.Equal($"Gateway; fwd=request; detail={detail}", bypassed.CacheStatus());
        Assert.NotEqual(stored.Serial(), bypassed.Serial());
        // Still the stored one for everybody else.
        Assert.Equal("HIT", afterwards.XCache());
        Assert.Equal(stored.Serial(), afterwards.Serial());
        Assert.Equal(2, cache.Origin.CallsTo(name));
    }

    [Fact]
    public async Task Entry_ExpiresAfterItsTtl()
    {
        await using var gateway = await Infrastructure.TestGateway.StartForAsync(cache.OriginAddress, $"""
            {CachingFixture.CacheOn}
            gateway.cache.ttl = 1s
            """);
        var url = gateway.Url("/up/r/short-ttl");
        var started = DateTimeOffset.UtcNow;
        using var miss = await _client.GetAsync(url);
        Assert.Equal("MISS", miss.XCache());

        // Asked until the entry is gone (bounded); until then each answer replays it, the first after expiry is a fresh MISS.
        var fresh = await Eventually.MatchesAsync(async () =>
        {
            using var response = await _client.GetAsync(url);
            if (response.XCache() != "MISS") Assert.Equal(miss.Serial(), response.Serial());
            return (XCache: response.XCache(), Serial: response.Serial());
        }, response => response.XCache == "MISS", "the entry to expire", TimeSpan.FromSeconds(10));

        Assert.Equal("MISS", fresh.XCache);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1));
        Assert.NotEqual(miss.Serial(), fresh.Serial);
    }
}
