using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>Concurrent misses on one key: one request fills, the others wait for it (bounded).</summary>
public sealed class ResponseCacheCoalescingTests : CacheTestKit
{
    [Fact]
    public async Task TwentyConcurrentLookupsOnAColdKey_OneMiss_NineteenHitsFromItsFill()
    {
        var cache = NewCache();

        var lookups = Enumerable.Range(0, 20).Select(_ => LookupAsync(cache, "k")).ToList();
        var first = await await Task.WhenAny(lookups);
        var miss = Assert.IsType<Miss>(first);
        var response = Response(bodyBytes: 42);
        cache.Tell(new Fill("k", miss.Ticket, response));
        var replies = await Task.WhenAll(lookups);

        Assert.Single(replies.OfType<Miss>());
        var hits = replies.OfType<Hit>().ToList();
        Assert.Equal(19, hits.Count);
        Assert.All(hits, hit =>
        {
            Assert.True(hit.Collapsed);
            Assert.Same(response, hit.Entry);
        });
        Assert.Equal(new Stats(Entries: 1, Bytes: 42, Hits: 19, Misses: 1), await StatsAsync(cache));
    }

    [Fact]
    public async Task AbandonedFill_SendsEveryWaiterUpstream_AndTheNextLookupFillsAnew()
    {
        var cache = NewCache();
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiters = Enumerable.Range(0, 5).Select(_ => LookupAsync(cache, "k")).ToList();

        cache.Tell(new AbandonFill("k", miss.Ticket, "set-cookie"));
        var released = await Task.WhenAll(waiters);

        // Documented choice: nobody is promoted to filler; all go upstream at once.
        Assert.All(released, reply => Assert.Equal(new GoUpstream("k", "set-cookie"), reply));
        var next = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        Assert.NotEqual(miss.Ticket, next.Ticket);
    }

    [Fact]
    public async Task AbandonWithAnOldTicket_DoesNotDisturbTheFillInProgress()
    {
        var cache = NewCache();
        var first = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        cache.Tell(new AbandonFill("k", first.Ticket));
        var second = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiter = LookupAsync(cache, "k");

        cache.Tell(new AbandonFill("k", first.Ticket));
        cache.Tell(new Fill("k", second.Ticket, Response()));

        Assert.IsType<Hit>(await waiter);
    }

    [Fact]
    public async Task FillWaitRunsOut_WaitersGoUpstream_AndTheLateFillIsRefused()
    {
        var cache = NewCache(Settings(fillWait: TimeSpan.FromSeconds(10)));
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiters = Enumerable.Range(0, 19).Select(_ => LookupAsync(cache, "k")).ToList();
        await WaitersRegisteredAsync(cache, "k");

        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.DoesNotContain(waiters, w => w.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var released = await Task.WhenAll(waiters);
        var late = await cache.Ask<object>(new Fill("k", miss.Ticket, Response()), AskTimeout);

        Assert.All(released, reply => Assert.Equal(new GoUpstream("k", "fill-wait-expired"), reply));
        Assert.Equal(new NotStored("k", "stale-ticket"), late);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task WaiterWithAShorterMaxWait_GoesUpstreamAlone_TheOthersGetTheFill()
    {
        var cache = NewCache(Settings(fillWait: TimeSpan.FromSeconds(10)));
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var impatient = LookupAsync(cache, "k", maxWait: TimeSpan.FromSeconds(2));
        var patient = LookupAsync(cache, "k");
        await WaitersRegisteredAsync(cache, "k");

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new GoUpstream("k", "fill-wait-expired"), await impatient);
        Assert.False(patient.IsCompleted);
        cache.Tell(new Fill("k", miss.Ticket, Response()));

        Assert.IsType<Hit>(await patient);
    }

    [Fact]
    public async Task LookupThatMayNotWait_DuringAFill_GoesUpstreamAtOnce()
    {
        var cache = NewCache();
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));

        var reply = await LookupAsync(cache, "k", maxWait: TimeSpan.Zero);

        Assert.Equal(new GoUpstream("k", "fill-in-progress"), reply);
    }

    [Fact]
    public async Task InvalidateDuringAFill_ReleasesTheWaiters_AndTheFillIsNotStored()
    {
        var cache = NewCache();
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiter = LookupAsync(cache, "k");

        cache.Tell(new Invalidate("k"));
        var released = await waiter;
        var fill = await cache.Ask<object>(new Fill("k", miss.Ticket, Response()), AskTimeout);

        Assert.Equal(new GoUpstream("k", "invalidated"), released);
        Assert.Equal(new NotStored("k", "stale-ticket"), fill);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    /// <summary>
    /// A lookup that may not wait is answered at once, after every lookup routed before it: once it is
    /// back, those are registered as waiters, so advancing the clock cannot overtake them.
    /// </summary>
    private async Task WaitersRegisteredAsync(Akka.Actor.IActorRef cache, string key) =>
        Assert.IsType<GoUpstream>(await LookupAsync(cache, key, maxWait: TimeSpan.Zero));
}
