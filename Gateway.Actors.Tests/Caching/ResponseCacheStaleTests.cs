using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// An entry past its freshness but still kept (RFC 9111 §4.3, RFC 5861): revalidated by one request while the
/// others wait, served stale while it is refreshed in the background, or instead of an upstream failure.
/// </summary>
public sealed class ResponseCacheStaleTests : CacheTestKit
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private CachedResponse Kept(TimeSpan? swr = null, TimeSpan? sie = null, bool mustRevalidate = false, int bodyBytes = 5) =>
        Response(bodyBytes, Lifetime) with
        {
            StaleWhileRevalidate = swr ?? TimeSpan.Zero,
            StaleIfError = sie ?? TimeSpan.Zero,
            KeepStale = TimeSpan.FromSeconds(60),
            MustRevalidate = mustRevalidate,
        };

    private async Task<IActorRef> StoredThenStaleAsync(CachedResponse entry, TimeSpan? staleFor = null)
    {
        var cache = NewCache();
        await StoreAsync(cache, "k", entry);
        Clock.Advance(Lifetime + (staleFor ?? TimeSpan.FromSeconds(5)));
        return cache;
    }

    [Fact]
    public async Task StaleEntry_4_3_IsHandedToOneRequestToRevalidate_TheOthersWaitForItsOutcome()
    {
        var stale = Kept();
        var cache = await StoredThenStaleAsync(stale);

        var revalidate = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiting = LookupAsync(cache, "k");
        var refreshed = Response(ttl: Lifetime);
        cache.Tell(new Fill("k", revalidate.Ticket, refreshed));

        Assert.Same(stale, revalidate.Stale);
        var hit = Assert.IsType<Hit>(await waiting);
        Assert.Same(refreshed, hit.Entry);
        Assert.Null(hit.StaleReason);
    }

    [Fact]
    public async Task StaleWhileRevalidate_ServesStale_AndHandsOutOneRefresh()
    {
        var stale = Kept(swr: TimeSpan.FromSeconds(30));
        var cache = await StoredThenStaleAsync(stale);

        var first = Assert.IsType<Hit>(await LookupAsync(cache, "k"));
        var second = Assert.IsType<Hit>(await LookupAsync(cache, "k"));
        var fresh = Response(ttl: Lifetime);
        cache.Tell(new Fill("k", first.Refresh!, fresh));

        Assert.Equal(("stale-while-revalidate", "stale-while-revalidate"), (first.StaleReason, second.StaleReason));
        Assert.NotNull(first.Refresh);
        Assert.Null(second.Refresh);
        Assert.Same(fresh, Assert.IsType<Hit>(await LookupAsync(cache, "k")).Entry);
    }

    [Fact]
    public async Task StaleWhileRevalidate_EndsWithItsWindow()
    {
        var cache = await StoredThenStaleAsync(Kept(swr: TimeSpan.FromSeconds(30)), staleFor: TimeSpan.FromSeconds(30));

        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task StaleIfError_TheWaitersGetTheStaleEntry_WhenTheRevalidationFails()
    {
        var stale = Kept(sie: TimeSpan.FromSeconds(60));
        var cache = await StoredThenStaleAsync(stale);
        var revalidate = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiting = LookupAsync(cache, "k");

        cache.Tell(new AbandonFill("k", revalidate.Ticket, "upstream-unreachable"));

        var hit = Assert.IsType<Hit>(await waiting);
        Assert.Same(stale, hit.Entry);
        Assert.Equal("stale-if-error", hit.StaleReason);
    }

    [Fact]
    public async Task FailureForAnotherReason_SendsTheWaitersUpstream()
    {
        var cache = await StoredThenStaleAsync(Kept(sie: TimeSpan.FromSeconds(60)));
        var revalidate = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiting = LookupAsync(cache, "k");

        cache.Tell(new AbandonFill("k", revalidate.Ticket, "client-aborted"));

        Assert.IsType<GoUpstream>(await waiting);
    }

    [Fact]
    public async Task MustRevalidate_5_2_2_2_IsNeverServedStale()
    {
        var cache = await StoredThenStaleAsync(Kept(swr: TimeSpan.FromSeconds(30), sie: TimeSpan.FromSeconds(60), mustRevalidate: true));

        var revalidate = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiting = LookupAsync(cache, "k");
        cache.Tell(new AbandonFill("k", revalidate.Ticket, "upstream-unreachable"));

        Assert.IsType<GoUpstream>(await waiting);
        Assert.IsType<GoUpstream>(await cache.Ask<ILookupReply>(
            new Lookup("k", Freshness: new RequestFreshness(null, null, TimeSpan.MaxValue), WillFill: false), AskTimeout));
    }

    [Fact]
    public async Task MaxStale_5_2_1_2_TakesAStaleEntryWithinItsBound()
    {
        var cache = await StoredThenStaleAsync(Kept(), staleFor: TimeSpan.FromSeconds(5));

        var within = await cache.Ask<ILookupReply>(new Lookup("k", Freshness: new RequestFreshness(null, null, TimeSpan.FromSeconds(5))), AskTimeout);
        var beyond = await cache.Ask<ILookupReply>(new Lookup("k", Freshness: new RequestFreshness(null, null, TimeSpan.FromSeconds(4))), AskTimeout);

        Assert.Equal("max-stale", Assert.IsType<Hit>(within).StaleReason);
        Assert.IsType<Miss>(beyond);
    }

    [Fact]
    public async Task KeptStaleEntry_GoesWhenItsTimeIsOver()
    {
        var cache = await StoredThenStaleAsync(Kept(bodyBytes: 40), staleFor: TimeSpan.FromSeconds(1));
        Assert.Equal(40L, (await StatsAsync(cache)).Bytes);

        Clock.Advance(TimeSpan.FromSeconds(60));

        await AwaitAssertAsync(async () => Assert.Equal(0L, (await StatsAsync(cache)).Bytes));
        Assert.Null((Assert.IsType<Miss>(await LookupAsync(cache, "k"))).Stale);
    }
}
