using System.Net;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// Hits answered from the cache board (no message to the cache actor) look exactly like hits answered by
/// the actor, and never outlive what the actor would serve: expiry, invalidation and Vary still hold.
/// </summary>
public sealed class BoardHitTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;
    private readonly CacheBoardProbe _board = new(cache.Gateway);

    private async Task<HttpResponseMessage> StoreAsync(string pathAndQuery)
    {
        var miss = await _client.GetAsync(cache.Url(pathAndQuery));
        Assert.Equal("MISS", miss.XCache());
        await _board.WaitUntilPublishedAsync(pathAndQuery);
        return miss;
    }

    [Fact]
    public async Task Hits_AreServedFromTheBoard_WithoutAnUpstreamCall_AndSayHit()
    {
        using var miss = await StoreAsync("/up/r/board-hits");
        var boardHitsBefore = _board.Hits;

        for (var i = 0; i < 5; i++)
        {
            using var hit = await _client.GetAsync(cache.Url("/up/r/board-hits"));
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
            await CacheResponses.AssertFreshHitReplaysAsync(miss, hit);
        }

        Assert.Equal(1, cache.Origin.CallsTo("board-hits"));
        Assert.True(_board.Hits - boardHitsBefore >= 5);
    }

    [Fact]
    public async Task Age_AdvancesOnBoardHits_AndTheTtlShrinks()
    {
        using var miss = await StoreAsync("/up/r/board-age");
        var early = await BoardAgeHitAsync();

        // Asked again until the gateway reports both moved on by two seconds (bounded), rather than sleeping:
        // each answer on the way must be a hit too.
        var later = await Eventually.MatchesAsync(BoardAgeHitAsync,
            hit => hit.XCache != "HIT" || (hit.Age >= early.Age + 2 && hit.Ttl <= early.Ttl - 2),
            "the board hit's Age to grow and its ttl to shrink by 2 s", TimeSpan.FromSeconds(10));

        Assert.Equal("HIT", later.XCache);
        Assert.True(later.Age >= early.Age + 2);
        Assert.True(later.Ttl <= early.Ttl - 2);
        Assert.Equal(1, cache.Origin.CallsTo("board-age"));
    }

    private async Task<(string? XCache, long? Age, long? Ttl)> BoardAgeHitAsync()
    {
        using var hit = await _client.GetAsync(cache.Url("/up/r/board-age"));
        return (hit.XCache(), hit.AgeSeconds(), hit.CacheStatusTtl());
    }

    [Fact]
    public async Task Head_IsAnsweredFromTheBoard_HeadersWithoutBody()
    {
        using var get = await StoreAsync("/up/r/board-head");
        var boardHitsBefore = _board.Hits;

        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, cache.Url("/up/r/board-head")));

        await CacheResponses.AssertHeadHitOfAsync(get, head);
        Assert.True(_board.Hits > boardHitsBefore);
        Assert.Equal(1, cache.Origin.CallsTo("board-head"));
    }

    [Fact]
    public async Task OtherVariant_4_1_IsNotGivenThePublishedOne_AndEachVariantIsServedFromTheBoard()
    {
        const string path = "/up/r/board-vary?vary=Accept-Language";
        using (var german = await cache.GetAsync(path, ("Accept-Language", "de"))) Assert.Equal("MISS", german.XCache());
        await _board.WaitUntilPublishedAsync(path, ("Accept-Language", "de"));

        using var english = await cache.GetAsync(path, ("Accept-Language", "en"));
        await _board.WaitUntilPublishedAsync(path, ("Accept-Language", "en"));
        var boardHitsBefore = _board.Hits;
        using var germanAgain = await cache.GetAsync(path, ("Accept-Language", "de"));
        using var englishAgain = await cache.GetAsync(path, ("Accept-Language", "en"));

        Assert.Equal("MISS", english.XCache());
        Assert.StartsWith("Gateway; fwd=vary-miss", english.CacheStatus());
        Assert.EndsWith("lang=en", await english.Content.ReadAsStringAsync());
        Assert.Equal("HIT", germanAgain.XCache());
        Assert.EndsWith("lang=de", await germanAgain.Content.ReadAsStringAsync());
        Assert.Equal("HIT", englishAgain.XCache());
        Assert.EndsWith("lang=en", await englishAgain.Content.ReadAsStringAsync());
        Assert.Equal(2, _board.Hits - boardHitsBefore);
        Assert.Equal(2, cache.Origin.CallsTo("board-vary"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task UnsafeMethod_TakesThePublishedEntryAway_BeforeTheClientSeesItsAnswer(string method)
    {
        var path = $"/up/r/board-invalidate-{method}";
        for (var round = 0; round < 5; round++)
        {
            using var stored = await StoreAsync(path);

            using var change = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), cache.Url(path)) { Content = new StringContent("x") });
            Assert.False(_board.HoldsFresh(path));
            using var after = await _client.GetAsync(cache.Url(path));

            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            Assert.Equal("MISS", after.XCache());
            Assert.NotEqual(stored.Serial(), after.Serial());
            // Gone again so the next round starts from a cold key.
            using var clear = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), cache.Url(path)) { Content = new StringContent("x") });
        }
    }

    [Fact]
    public async Task EntryPastItsLifetime_IsAMiss_AtOnce()
    {
        await using var gateway = await Infrastructure.TestGateway.StartForAsync(cache.OriginAddress, $"""
            {CachingFixture.CacheOn}
            gateway.cache.ttl = 1s
            """);
        var board = new CacheBoardProbe(gateway);
        using var miss = await _client.GetAsync(gateway.Url("/up/r/board-expiry"));
        await board.WaitUntilPublishedAsync("/up/r/board-expiry");

        // The signal: the board, read on the gateway's own clock, no longer holds the entry fresh. The entry
        // may still be in the cache actor (its timer not yet fired); the next request must not be given it.
        await board.WaitUntilNotFreshAsync("/up/r/board-expiry", TimeSpan.FromSeconds(5));
        using var after = await _client.GetAsync(gateway.Url("/up/r/board-expiry"));

        Assert.Equal("MISS", after.XCache());
        Assert.NotEqual(miss.Serial(), after.Serial());
    }
}
