using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// <c>cache { ... }</c> per route: a route with caching off is not a cached route at all (no X-Cache,
/// no Cache-Status, every request forwarded); a route can switch it on, or change its ttl, alone.
/// </summary>
public sealed class PerRouteCacheTests : IAsyncLifetime
{
    private RunningApp _originApp = null!;
    private CacheOrigin _origin = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync() => (_originApp, _origin) = await CacheOrigin.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _originApp.DisposeAsync();
    }

    private string Up => _originApp.Address.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task RouteWithCachingOff_ForwardsEveryRequest_AndAddsNoCacheHeaders()
    {
        await using var gateway = await TestGateway.StartAsync($$"""
            {{CachingFixture.CacheOn}}
            gateway.routes {
              cached   { prefix = "/cached",   upstreams = ["{{Up}}"] }
              uncached { prefix = "/uncached", upstreams = ["{{Up}}"], cache { enabled = off } }
            }
            """);

        using var first = await _client.GetAsync(gateway.Url("/uncached/r/off-route"));
        using var second = await _client.GetAsync(gateway.Url("/uncached/r/off-route"));
        using var post = await _client.PostAsync(gateway.Url("/uncached/r/off-route"), new StringContent("x"));
        using var cached = await _client.GetAsync(gateway.Url("/cached/r/on-route"));

        Assert.Equal(3, _origin.CallsTo("off-route"));
        foreach (var response in new[] { first, second, post })
        {
            Assert.Null(response.XCache());
            Assert.Null(response.CacheStatus());
        }
        Assert.Equal("MISS", cached.XCache());
    }

    [Fact]
    public async Task RouteCanSwitchCachingOn_WhenItIsOffGlobally()
    {
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.routes {
              plain  { prefix = "/plain",  upstreams = ["{{Up}}"] }
              cached { prefix = "/cached", upstreams = ["{{Up}}"], cache { enabled = on } }
            }
            """);

        using var plain = await _client.GetAsync(gateway.Url("/plain/r/global-off"));
        using var miss = await _client.GetAsync(gateway.Url("/cached/r/route-on"));
        using var hit = await _client.GetAsync(gateway.Url("/cached/r/route-on"));

        Assert.Null(plain.XCache());
        Assert.Equal("HIT", hit.XCache());
        Assert.Equal(1, _origin.CallsTo("route-on"));
    }

    [Fact]
    public async Task RouteTtl_OverridesTheGlobalOne()
    {
        await using var gateway = await TestGateway.StartAsync($$"""
            {{CachingFixture.CacheOn}}
            gateway.cache.ttl = 30s
            gateway.routes {
              brief { prefix = "/brief", upstreams = ["{{Up}}"], cache { ttl = 5s } }
              long  { prefix = "/long",  upstreams = ["{{Up}}"] }
            }
            """);

        using var brief = await _client.GetAsync(gateway.Url("/brief/r/route-ttl"));
        using var @long = await _client.GetAsync(gateway.Url("/long/r/route-ttl"));

        Assert.Equal("Gateway; fwd=uri-miss; ttl=5", brief.CacheStatus());
        Assert.Equal("Gateway; fwd=uri-miss; ttl=30", @long.CacheStatus());
    }

    [Fact]
    public async Task RouteWithItsOwnMaxBytes_HasItsOwnBudget_LeastRecentlyUsedGoesFirst()
    {
        await using var gateway = await TestGateway.StartAsync($$"""
            {{CachingFixture.CacheOn}}
            gateway.routes {
              small  { prefix = "/small",  upstreams = ["{{Up}}"], cache { max-bytes = 10k, max-entry-bytes = 8k } }
              shared { prefix = "/shared", upstreams = ["{{Up}}"] }
            }
            """);
        async Task<string?> GetAsync(string path)
        {
            using var response = await _client.GetAsync(gateway.Url(path));
            return response.XCache();
        }

        Assert.Equal("MISS", await GetAsync("/shared/r/budget-shared?bytes=6000"));
        Assert.Equal("MISS", await GetAsync("/small/r/budget-a?bytes=6000"));
        Assert.Equal("HIT", await GetAsync("/small/r/budget-a?bytes=6000"));
        Assert.Equal("MISS", await GetAsync("/small/r/budget-b?bytes=6000"));
        // A hit on b means its fill is done, and with it the eviction it caused.
        Assert.Equal("HIT", await GetAsync("/small/r/budget-b?bytes=6000"));

        Assert.Equal("MISS", await GetAsync("/small/r/budget-a?bytes=6000"));
        Assert.Equal("HIT", await GetAsync("/shared/r/budget-shared?bytes=6000"));
    }

    [Fact]
    public async Task RouteWithALargerEntryLimit_StoresWhatTheGlobalLimitWouldNot()
    {
        await using var gateway = await TestGateway.StartAsync($$"""
            {{CachingFixture.CacheOn}}
            gateway.cache { max-entry-bytes = 8k }
            gateway.routes {
              roomy  { prefix = "/roomy",  upstreams = ["{{Up}}"], cache { max-entry-bytes = 64k } }
              narrow { prefix = "/narrow", upstreams = ["{{Up}}"] }
            }
            """);

        using var roomyMiss = await _client.GetAsync(gateway.Url("/roomy/r/entry-limit?bytes=32000"));
        using var roomyHit = await _client.GetAsync(gateway.Url("/roomy/r/entry-limit?bytes=32000"));
        using var narrowMiss = await _client.GetAsync(gateway.Url("/narrow/r/entry-limit?bytes=32000"));
        using var narrowAgain = await _client.GetAsync(gateway.Url("/narrow/r/entry-limit?bytes=32000"));

        Assert.Equal("HIT", roomyHit.XCache());
        Assert.Equal(CacheOrigin.Pattern(32000), await roomyHit.Content.ReadAsByteArrayAsync());
        Assert.Equal("Gateway; fwd=uri-miss; detail=too-large", narrowMiss.CacheStatus());
        Assert.Equal("MISS", narrowAgain.XCache());
    }
}
