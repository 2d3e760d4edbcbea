using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// RFC 9111 §4.2.3 on virtual time: an entry's age is the origin's <c>Age</c> plus the time since the gateway
/// asked the upstream (the web layer stores it as made at <c>requestedAt - Age</c>), on every kind of hit, and
/// its freshness runs out when that age reaches its lifetime.
/// </summary>
public sealed class ResponseCacheAgeTests : CacheTestKit
{
    private static readonly TimeSpan OriginAge = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3600);

    [Fact]
    public async Task EveryHit_AddsTheTimeSinceTheRequest_ToTheOriginsAge()
    {
        var board = new CacheBoard();
        var cache = NewCache(board: board);
        var requestedAt = Sys.Scheduler.Now;
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiter = LookupAsync(cache, "k");

        Clock.Advance(TimeSpan.FromSeconds(2)); // the upstream takes 2 s to answer
        var entry = new CachedResponse(200, [], new byte[1], requestedAt - OriginAge, Lifetime);
        cache.Tell(new Fill("k", miss.Ticket, entry));

        var collapsed = Assert.IsType<Hit>(await waiter);
        Assert.Equal(TimeSpan.FromSeconds(102), collapsed.Age);

        Clock.Advance(TimeSpan.FromSeconds(5));
        var hit = Assert.IsType<Hit>(await LookupAsync(cache, "k"));
        Assert.Equal(TimeSpan.FromSeconds(107), hit.Age);
        Assert.True(board.TryGetFresh("k", Sys.Scheduler.Now, out var published));
        Assert.Equal(TimeSpan.FromSeconds(107), published.Response.AgeAt(Sys.Scheduler.Now));
    }

    [Fact]
    public async Task Freshness_EndsWhenTheAgeReachesTheLifetime()
    {
        var cache = NewCache(Settings(ttl: Lifetime));
        await StoreAsync(cache, "k", new CachedResponse(200, [], new byte[1], Sys.Scheduler.Now - OriginAge, Lifetime));

        Clock.Advance(Lifetime - OriginAge - TimeSpan.FromSeconds(1));
        Assert.Equal(Lifetime - TimeSpan.FromSeconds(1), Assert.IsType<Hit>(await LookupAsync(cache, "k")).Age);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }
}
