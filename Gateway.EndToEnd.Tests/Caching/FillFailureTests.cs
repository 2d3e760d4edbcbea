using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A fill that cannot finish is abandoned at once, so the key never stays "being filled" until
/// <c>fill-wait</c> runs out. Here fill-wait is a minute and the clients give up after 15 s: a fill
/// left dangling would make the next request time out.
/// </summary>
public sealed class FillFailureTests : IAsyncLifetime
{
    private RunningApp _originApp = null!;
    private CacheOrigin _origin = null!;
    private RunningApp _gateway = null!;
    private readonly HttpClient _client = TestClients.Http(TimeSpan.FromSeconds(15));

    public async Task InitializeAsync()
    {
        (_originApp, _origin) = await CacheOrigin.StartAsync();
        _gateway = await TestGateway.StartForAsync(_originApp.Address, $"""
            {CachingFixture.CacheOn}
            gateway.cache.fill-wait = 60s
            """);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _originApp.DisposeAsync();
    }

    [Fact]
    public async Task FillersClientGoingAway_AbandonsTheFill_TheNextRequestIsAnsweredAtOnce()
    {
        var url = _gateway.Url("/up/r/abandoned?hold-first=1");
        using (var filler = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("MISS", filler.XCache());
        }

        using var next = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.StartsWith("abandoned #", await next.Content.ReadAsStringAsync());
        Assert.Equal(2, _origin.CallsTo("abandoned"));
    }

    [Fact]
    public async Task FillersUpstreamTimingOut_AbandonsTheFill()
    {
        await using var gateway = await TestGateway.StartForAsync(_originApp.Address, $"""
            {CachingFixture.CacheOn}
            gateway.cache.fill-wait = 60s
            gateway.circuit-breaker.call-timeout = 300ms
            """);

        using var timedOut = await _client.GetAsync(gateway.Url("/up/r/timed-out?ms=2000"));
        using var next = await _client.GetAsync(gateway.Url("/up/r/timed-out?ms=2000"));

        await ProblemJson.AssertAsync(timedOut, 504);
        Assert.Equal("MISS", timedOut.XCache());
        await ProblemJson.AssertAsync(next, 504);
    }
}
