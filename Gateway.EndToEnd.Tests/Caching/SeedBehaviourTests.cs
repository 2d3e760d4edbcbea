using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>The seed: <c>GET /service-a/items/123</c> twice through the shipped ServiceA route.</summary>
public sealed class SeedBehaviourTests : GatewayWithUpstream
{
    private int _serviceACalls;

    protected override Task<RunningApp> StartUpstreamAsync()
    {
        var serviceA = DemoServices.BuildServiceA();
        serviceA.Use((context, next) =>
        {
            Interlocked.Increment(ref _serviceACalls);
            return next(context);
        });
        return RunningApp.StartAsync(serviceA);
    }

    // Only the upstream address changes; the cache runs on the shipped defaults (ttl 30s).
    protected override string Overlay(string serviceA) => $"""
        {CachingFixture.CacheOn}
        {DemoServices.ShippedRouteTo("service-a", serviceA)}
        """;

    [Fact]
    public async Task SameItemTwice_FirstIsAMissForwarded_SecondIsAHitFromMemory_ServiceCalledOnce()
    {
        using var first = await GetAsync("/service-a/items/123");
        using var second = await GetAsync("/service-a/items/123");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("MISS", first.XCache());
        Assert.Equal("HIT", second.XCache());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Contains("\"item_id\":\"123\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        Assert.Equal(1, Volatile.Read(ref _serviceACalls));
    }

    [Fact]
    public async Task OtherItem_IsItsOwnEntry()
    {
        using var item1 = await GetAsync("/service-a/items/1");
        using var item2 = await GetAsync("/service-a/items/2");

        Assert.Equal("MISS", item1.XCache());
        Assert.Equal("MISS", item2.XCache());
        Assert.Contains("\"item_id\":\"2\"", await item2.Content.ReadAsStringAsync());
        Assert.Equal(2, Volatile.Read(ref _serviceACalls));
    }
}
