namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// <c>cache { ... }</c> per route: a route with caching off is not a cached route at all (no X-Cache,
/// no Cache-Status, every request forwarded); a route can switch it on, or change its ttl, alone.
/// </summary>
public sealed class PerRouteCacheTests
{
    [Fact]
    public async Task RouteWithCachingOff_ForwardsEveryRequest_AndAddsNoCacheHeaders()
    {
        await using var system = await GatewayWithCacheOrigin.StartAsync(up => $$"""
            {{CachingFixture.CacheOn}}
            gateway.routes {
              cached   { prefix = "/cached",   upstreams = ["{{up}}"] }
              uncached { prefix = "/uncached", upstreams = ["{{up}}"], cache { enabled = off } }
            }
            """);

        using var first = await system.Client.GetAsync(system.Url("/uncached/r/off-route"));
        using var second = await system.Client.GetAsync(system.Url("/uncached/r/off-route"));
        using var post = await system.Client.PostAsync(system.Url("/uncached/r/off-route"), new StringContent("x"));
        using var cached = await system.Client.GetAsync(system.Url("/cached/r/on-route"));

        Assert.Equal(3, system.Origin.CallsTo("off-route"));
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
        await using var system = await GatewayWithCacheOrigin.StartAsync(up => $$"""
            gateway.routes {
              plain  { prefix = "/plain",  upstreams = ["{{up}}"] }
              cached { prefix = "/cached", upstreams = ["{{up}}"], cache { enabled = on } }
            }
            """);

        using var plain = await system.Client.GetAsync(system.Url("/plain/r/global-off"));
        using var miss = await system.Client.GetAsync(system.Url("/cached/r/route-on"));
        using var hit = await system.Client.GetAsync(system.Url("/cached/r/route-on"));

        Assert.Null(plain.XCache());
        Assert.Equal("HIT", hit.XCache());
        Assert.Equal(1, system.Origin.CallsTo("route-on"));
    }

    [Fact]
    public async Task RouteTtl_OverridesTheGlobalOne()
    {
        await using var system = await GatewayWithCacheOrigin.StartAsync(up => $$"""
            {{CachingFixture.CacheOn}}
            gateway.cache.ttl = 30s
            gateway.routes {
              brief { prefix = "/brief", upstreams = ["{{up}}"], cache { ttl = 5s } }
              long  { prefix = "/long",  upstreams = ["{{up}}"] }
            }
            """);

        using var brief = await system.Client.GetAsync(system.Url("/brief/r/route-ttl"));
        using var @long = await system.Client.GetAsync(system.Url("/long/r/route-ttl"));

        Assert.Equal("Gateway; fwd=uri-miss; ttl=5", brief.CacheStatus());
        Assert.Equal("Gateway; fwd=uri-miss; ttl=30", @long.CacheStatus());
    }

    [Fact]
    public async Task RouteWithItsOwnMaxBytes_HasItsOwnBudget_LeastRecentlyUsedGoesFirst()
    {
        await using var system = await GatewayWithCacheOrigin.StartAsync(up => $$"""
            {{CachingFixture.CacheOn}}
            gateway.routes {
              small  { prefix = "/small",  upstreams = ["{{up}}"], cache { max-bytes = 10k, max-entry-bytes = 8k } }
              shared { prefix = "/shared", upstreams = ["{{up}}"] }
            }
            """);
        async Task<string?> GetAsync(string path)
        {
            using var response = await system.Client.GetAsync(system.Url(path));
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
        await using var system = await GatewayWithCacheOrigin.StartAsync(up => $$"""
            {{CachingFixture.CacheOn}}
            gateway.cache { max-entry-bytes = 8k }
            gateway.routes {
              roomy  { prefix = "/roomy",  upstreams = ["{{up}}"], cache { max-entry-bytes = 64k } }
              narrow { prefix = "/narrow", upstreams = ["{{up}}"] }
            }
            """);

        using var roomyMiss = await system.Client.GetAsync(system.Url("/roomy/r/entry-limit?bytes=32000"));
        using var roomyHit = await system.Client.GetAsync(system.Url("/roomy/r/entry-limit?bytes=32000"));
        using var narrowMiss = await system.Client.GetAsync(system.Url("/narrow/r/entry-limit?bytes=32000"));
        using var narrowAgain = await system.Client.GetAsync(system.Url("/narrow/r/entry-limit?bytes=32000"));

        Assert.Equal("HIT", roomyHit.XCache());
        Assert.Equal(CacheOrigin.Pattern(32000), await roomyHit.Content.ReadAsByteArrayAsync());
        Assert.Equal("Gateway; fwd=uri-miss; detail=too-large", narrowMiss.CacheStatus());
        Assert.Equal("MISS", narrowAgain.XCache());
    }
}
