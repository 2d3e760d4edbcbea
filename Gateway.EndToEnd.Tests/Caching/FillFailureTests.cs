using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A fill that cannot finish is abandoned at once, so the key never stays "being filled" until
/// <c>fill-wait</c> runs out. Here fill-wait is a minute and the clients give up after 15 s: a fill
/// left dangling would make the next request time out.
/// </summary>
public sealed class FillFailureTests() : GatewayWithCacheOrigin(clientTimeout: TimeSpan.FromSeconds(15))
{
    protected override string Overlay(string origin) => CachedUpRoute(origin, "gateway.cache.fill-wait = 60s");

    [Fact]
    public async Task FillersClientGoingAway_AbandonsTheFill_TheNextRequestIsAnsweredAtOnce()
    {
        var url = Gateway.Url("/up/r/abandoned?hold-first=1");
        using (var filler = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("MISS", filler.XCache());
        }

        using var next = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.StartsWith("abandoned #", await next.Content.ReadAsStringAsync());
        Assert.Equal(2, Origin.CallsTo("abandoned"));
    }

    [Fact]
    public async Task FillersUpstreamTimingOut_AbandonsTheFill()
    {
        await using var gateway = await TestGateway.StartForAsync(UpstreamApp.Address, $"""
            {CachingFixture.CacheOn}
            gateway.cache.fill-wait = 60s
            gateway.circuit-breaker.call-timeout = 300ms
            """);

        using var timedOut = await Client.GetAsync(gateway.Url("/up/r/timed-out?ms=2000"));
        using var next = await Client.GetAsync(gateway.Url("/up/r/timed-out?ms=2000"));

        await ProblemJson.AssertAsync(timedOut, 504);
        Assert.Equal("MISS", timedOut.XCache());
        await ProblemJson.AssertAsync(next, 504);
    }
}
