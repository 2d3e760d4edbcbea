using System.Net;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>What every response on a cached route says about the cache: X-Cache, Cache-Status, Age; HEAD from a stored GET.</summary>
public sealed class CacheHeaderTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    [Fact]
    public async Task Miss_SaysMissAndForwarded_WithTheLifetimeItWouldBeStoredFor_AndNoAge()
    {
        using var response = await _client.GetAsync(cache.Url("/up/r/miss-headers"));

        Assert.Equal("MISS", response.XCache());
        Assert.Equal("Gateway; fwd=uri-miss; ttl=30", response.CacheStatus());
        Assert.Null(response.Header("Age"));
    }

    [Fact]
    public async Task Hit_SaysHit_WithRemainingTtl_AndAge_AndReplaysTheStoredResponse()
    {
        using var miss = await _client.GetAsync(cache.Url("/up/r/hit-headers"));
        using var hit = await _client.GetAsync(cache.Url("/up/r/hit-headers"));

        await CacheResponses.AssertFreshHitReplaysAsync(miss, hit);
        Assert.Equal(1, cache.Origin.CallsTo("hit-headers"));
    }

    [Fact]
    public async Task OriginAge_CountsTowardsTheHitsAge()
    {
        // The origin's copy was already 100 s old; with a 30 s ttl it would be stale, so let its max-age rule.
        await using var gateway = await Infrastructure.TestGateway.StartForAsync(cache.OriginAddress, $"""
            {CachingFixture.CacheOn}
            gateway.cache.respect-origin-max-age = on
            """);

        using var miss = await _client.GetAsync(gateway.Url("/up/r/aged?age=100&cc=max-age%3D3600"));
        using var hit = await _client.GetAsync(gateway.Url("/up/r/aged?age=100&cc=max-age%3D3600"));

        Assert.Equal("100", miss.Header("Age"));
        Assert.Equal("HIT", hit.XCache());
        Assert.InRange(hit.AgeSeconds()!.Value, 100, 101);
        Assert.InRange(hit.CacheStatusTtl()!.Value, 3498, 3500);
    }

    [Fact]
    public async Task OriginAgeBeyondTheLifetime_IsNotStored()
    {
        using var miss = await _client.GetAsync(cache.Url("/up/r/too-old?age=100"));
        using var again = await _client.GetAsync(cache.Url("/up/r/too-old?age=100"));

        Assert.Equal("MISS", again.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("too-old"));
    }

    [Fact]
    public async Task UpstreamsOwnCacheHeaders_DoNotHideTheGateways()
    {
        // An origin behind its own cache: its X-Cache gives way to ours, its Cache-Status member stays
        // first (RFC 9211 lists caches from the origin outwards). A hit replays neither.
        using var miss = await _client.GetAsync(cache.Url("/up/r/own-status?upstream-cache=1"));
        using var hit = await _client.GetAsync(cache.Url("/up/r/own-status?upstream-cache=1"));

        Assert.Equal("MISS", miss.XCache());
        Assert.Equal("OriginCache; hit, Gateway; fwd=uri-miss; ttl=30", miss.CacheStatus());
        Assert.Equal("HIT", hit.XCache());
        Assert.Matches(@"^Gateway; hit; ttl=\d+$", hit.CacheStatus());
    }

    [Fact]
    public async Task Head_IsAnsweredFromTheStoredGet_HeadersWithoutBody()
    {
        using var get = await _client.GetAsync(cache.Url("/up/r/head-from-get"));
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, cache.Url("/up/r/head-from-get")));

        await CacheResponses.AssertHeadHitOfAsync(get, head);
        Assert.Equal(1, cache.Origin.CallsTo("head-from-get"));
    }

    [Fact]
    public async Task Head_OnAColdKey_IsForwarded_AndDoesNotFillTheCache()
    {
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, cache.Url("/up/r/head-cold")));
        using var get = await _client.GetAsync(cache.Url("/up/r/head-cold"));
        using var again = await _client.GetAsync(cache.Url("/up/r/head-cold"));

        Assert.Equal("MISS", head.XCache());
        Assert.Equal("Gateway; fwd=uri-miss; detail=not-stored", head.CacheStatus());
        Assert.Equal("MISS", get.XCache());
        Assert.Equal("HIT", again.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("head-cold"));
    }

    [Fact]
    public async Task UnsafeMethod_IsBypassed_AndSaysWhy()
    {
        using var post = await _client.PostAsync(cache.Url("/up/r/post-bypass"), new StringContent("x"));

        Assert.Equal("BYPASS", post.XCache());
        Assert.StartsWith("Gateway; fwd=method", post.CacheStatus());
        Assert.Contains(" POST ", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UpstreamDown_On_ACachedRoute_Is502_MarkedMiss_AndNotStored()
    {
        await using var gateway = await Infrastructure.TestGateway.StartForAsync(
            new Uri($"http://127.0.0.1:{Infrastructure.TestClients.ClosedPort()}"), CachingFixture.CacheOn);

        using var first = await _client.GetAsync(gateway.Url("/up/down"));
        using var second = await _client.GetAsync(gateway.Url("/up/down"));

        await Infrastructure.ProblemJson.AssertAsync(first, 502);
        await Infrastructure.ProblemJson.AssertAsync(second, 502);
        Assert.Equal("MISS", first.XCache());
        Assert.Equal("MISS", second.XCache());
    }
}
