using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// A request's own <c>max-age</c> and <c>min-fresh</c> (RFC 9111 §5.2.1.1, §5.2.1.3) on the key's entity: a
/// stored response they do not accept is refilled by that request while every other request is still
/// served the stored one, and later such requests wait on that one refill.
/// </summary>
public sealed class ResponseCacheRequestFreshnessTests : CacheTestKit
{
    private static readonly RequestFreshness NoOlderThanZero = new(TimeSpan.Zero, null);

    private async Task<ILookupReply> LookupAsync(IActorRef cache, string key, RequestFreshness freshness, bool willFill = true, TimeSpan? maxWait = null) =>
        await cache.Ask<ILookupReply>(new Lookup(key, maxWait, willFill, freshness), AskTimeout);

    [Fact]
    public async Task MaxAgeZero_OnAnOlderEntry_Refills_WhileOthersAreStillServedTheStoredOne()
    {
        var cache = NewCache();
        var old = await StoreAsync(cache, "k", Response(bodyBytes: 3));
        Clock.Advance(TimeSpan.FromSeconds(5));

        var refill = Assert.IsType<Miss>(await LookupAsync(cache, "k", NoOlderThanZero));
        Assert.Same(old, Assert.IsType<Hit>(await LookupAsync(cache, "k")).Entry);
        var waiting = LookupAsync(cache, "k", NoOlderThanZero);
        var fresh = Response(bodyBytes: 7);
        cache.Tell(new Fill("k", refill.Ticket, fresh));

        var waited = Assert.IsType<Hit>(await waiting);
        Assert.Same(fresh, waited.Entry);
        Assert.True(waited.Collapsed);
        Assert.Same(fresh, Assert.IsType<Hit>(await LookupAsync(cache, "k")).Entry);
        Assert.Equal(7L, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task MaxAge_AcceptsAnEntryNoOlderInWholeSeconds()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k");
        Clock.Advance(TimeSpan.FromMilliseconds(10_900));

        Assert.IsType<Hit>(await LookupAsync(cache, "k", new RequestFreshness(TimeSpan.FromSeconds(10), null)));
        Assert.IsType<Miss>(await LookupAsync(cache, "k", new RequestFreshness(TimeSpan.FromSeconds(9), null)));
    }

    [Fact]
    public async Task MinFresh_BeyondWhatIsLeft_Refills()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k", Response(ttl: TimeSpan.FromSeconds(30)));
        Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.IsType<Hit>(await LookupAsync(cache, "k", new RequestFreshness(null, TimeSpan.FromSeconds(10))));
        Assert.IsType<Miss>(await LookupAsync(cache, "k", new RequestFreshness(null, TimeSpan.FromSeconds(11))));
    }

    [Fact]
    public async Task AbandonedRefill_KeepsTheStoredEntry_AndSendsItsWaitersUpstream()
    {
        var cache = NewCache();
        var old = await StoreAsync(cache, "k");
        Clock.Advance(TimeSpan.FromSeconds(2));
        var refill = Assert.IsType<Miss>(await LookupAsync(cache, "k", NoOlderThanZero));
        var waiting = LookupAsync(cache, "k", NoOlderThanZero);

        cache.Tell(new AbandonFill("k", refill.Ticket, "upstream-failed"));

        Assert.Equal("upstream-failed", Assert.IsType<GoUpstream>(await waiting).Reason);
        Assert.Same(old, Assert.IsType<Hit>(await LookupAsync(cache, "k")).Entry);
    }

    [Fact]
    public async Task RequestThatCannotFill_IsSentUpstream_WhenTheStoredEntryWillNotDo()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k");
        Clock.Advance(TimeSpan.FromSeconds(2));

        var reply = Assert.IsType<GoUpstream>(await LookupAsync(cache, "k", NoOlderThanZero, willFill: false));

        Assert.Equal("stale-for-request", reply.Reason);
    }

    [Fact]
    public async Task EntryExpiringDuringARefill_LeavesTheRefillAsTheKeysFill()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k", Response(ttl: TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var refill = Assert.IsType<Miss>(await LookupAsync(cache, "k", NoOlderThanZero));

        Clock.Advance(TimeSpan.FromSeconds(5));
        var waiting = LookupAsync(cache, "k");
        var fresh = Response(bodyBytes: 9);
        cache.Tell(new Fill("k", refill.Ticket, fresh));

        Assert.Same(fresh, Assert.IsType<Hit>(await waiting).Entry);
    }
}
