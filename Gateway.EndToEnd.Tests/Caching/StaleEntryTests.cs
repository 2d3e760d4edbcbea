using System.Net;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// Entries past their freshness (RFC 9111 §4.3, RFC 5861), through the real gateway: revalidated with the
/// origin instead of fetched again, served while refreshed in the background, or instead of an upstream
/// failure. Each entry here is fresh for one second; the tests wait (bounded) until the board no longer
/// holds it fresh, the signal that it is stale.
/// </summary>
public sealed class StaleEntryTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    private static string Path(string name, string query) =>
        $"/up/r/{name}?cc={Uri.EscapeDataString(query)}&header={Uri.EscapeDataString("ETag: \"v1\"")}&validate=1";

    /// <summary>Stores the response and waits until it is stale; returns the stored body.</summary>
    private async Task<string> StoreThenWaitUntilStaleAsync(string path)
    {
        string body;
        using (var miss = await _client.GetAsync(cache.Url(path)))
        {
            Assert.Equal("MISS", miss.XCache());
            body = await miss.Content.ReadAsStringAsync();
        }
        var board = new CacheBoardProbe(cache.Gateway);
        await board.WaitUntilPublishedAsync(path);
        await board.WaitUntilNotFreshAsync(path, TimeSpan.FromSeconds(5));
        Assert.False(board.HoldsFresh(path), "the entry never went stale");
        return body;
    }

    [Fact]
    public async Task StaleEntryWithAnETag_4_3_IsRevalidated_And304RefreshesIt_WithoutTheBodyAgain()
    {
        var path = Path("stale-revalidate", "max-age=1");
        var stored = await StoreThenWaitUntilStaleAsync(path);

        using var revalidated = await _client.GetAsync(cache.Url(path));
        using var hit = await _client.GetAsync(cache.Url(path));

        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        Assert.Equal("HIT", revalidated.XCache());
        Assert.StartsWith("Gateway; fwd=stale; fwd-status=304; ttl=", revalidated.CacheStatus());
        Assert.Equal(stored, await revalidated.Content.ReadAsStringAsync());
        Assert.Equal("HIT", hit.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("stale-revalidate"));
    }

    [Fact]
    public async Task StaleWhileRevalidate_RFC5861_3_ServesStaleAtOnce_AndRefreshesInTheBackground()
    {
        var path = Path("stale-swr", "max-age=1, stale-while-revalidate=30");
        await StoreThenWaitUntilStaleAsync(path);

        using var stale = await _client.GetAsync(cache.Url(path));

        Assert.Equal("HIT", stale.XCache());
        Assert.EndsWith("detail=stale-while-revalidate", stale.CacheStatus());
        var board = new CacheBoardProbe(cache.Gateway);
        // The refresh (a 304 here) makes the entry fresh again, without the client waiting for it.
        await board.WaitUntilPublishedAsync(path);
        Assert.Equal(2, cache.Origin.CallsTo("stale-swr"));
    }

    [Fact]
    public async Task StaleIfError_RFC5861_4_ServesTheStaleEntry_WhenTheOriginFails()
    {
        var path = $"/up/r/stale-sie?cc={Uri.EscapeDataString("max-age=1, stale-if-error=60")}&fail-after=1";
        await StoreThenWaitUntilStaleAsync(path);

        using var response = await _client.GetAsync(cache.Url(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.XCache());
        Assert.EndsWith("fwd-status=503; detail=stale-if-error", response.CacheStatus());
        Assert.Contains("stale-sie #", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, cache.Origin.CallsTo("stale-sie"));
    }

    [Fact]
    public async Task WithoutStaleIfError_TheOriginsFailureReachesTheClient()
    {
        var path = $"/up/r/stale-no-sie?cc={Uri.EscapeDataString("max-age=1")}&header={Uri.EscapeDataString("ETag: \"v1\"")}&fail-after=1";
        await StoreThenWaitUntilStaleAsync(path);

        using var response = await _client.GetAsync(cache.Url(path));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("MISS", response.XCache());
    }

    [Fact]
    public async Task MustRevalidate_5_2_2_2_IsNeverServedStale_EvenWithStaleIfError()
    {
        var path = $"/up/r/stale-must?cc={Uri.EscapeDataString("max-age=1, must-revalidate, stale-if-error=60")}&fail-after=1";
        await StoreThenWaitUntilStaleAsync(path);

        using var response = await _client.GetAsync(cache.Url(path));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task RequestMaxStale_5_2_1_2_TakesTheKeptStaleEntry_WithinItsBound()
    {
        var path = Path("stale-max-stale", "max-age=1");
        var stored = await StoreThenWaitUntilStaleAsync(path);

        var request = new HttpRequestMessage(HttpMethod.Get, cache.Url(path));
        request.Headers.TryAddWithoutValidation("Cache-Control", "max-stale=60");
        using var stale = await _client.SendAsync(request);

        Assert.Equal("HIT", stale.XCache());
        Assert.EndsWith("detail=max-stale", stale.CacheStatus());
        Assert.Equal(stored, await stale.Content.ReadAsStringAsync());
        Assert.Equal(1, cache.Origin.CallsTo("stale-max-stale"));
    }
}
