using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

public sealed class ResponseCacheFillAndHitTests : CacheTestKit
{
    [Fact]
    public async Task FirstLookupOfAKey_IsAMissWithATicket()
    {
        var cache = NewCache();

        var reply = await LookupAsync(cache, "GET /items/1");

        var miss = Assert.IsType<Miss>(reply);
        Assert.Equal("GET /items/1", miss.Key);
    }

    [Fact]
    public async Task LookupAfterFill_IsAHitWithTheStoredResponseAndItsAge()
    {
        var cache = NewCache();
        var body = new byte[] { 1, 2, 3 };
        var response = new CachedResponse(203, [new CachedHeader("Content-Type", "text/plain")], body, Sys.Scheduler.Now, TimeSpan.FromSeconds(30));
        await StoreAsync(cache, "k", response);

        Clock.Advance(TimeSpan.FromSeconds(7));
        var hit = Assert.IsType<Hit>(await LookupAsync(cache, "k"));

        Assert.Equal(203, hit.Entry.StatusCode);
        Assert.Equal(body, hit.Entry.Body.ToArray());
        Assert.Equal("text/plain", Assert.Single(hit.Entry.Headers).Values.Single());
        Assert.Equal(TimeSpan.FromSeconds(7), hit.Age);
        Assert.False(hit.Collapsed);
    }

    [Fact]
    public async Task EntryPastItsTtl_StopsItsActor_AndTheNextLookupIsAMiss()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k", Response(ttl: TimeSpan.FromSeconds(30)));
        cache.Tell(new Lookup("k"));
        await ExpectMsgAsync<Hit>();
        var entryActor = LastSender;
        Watch(entryActor);

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.IsType<Hit>(await LookupAsync(cache, "k"));
        Clock.Advance(TimeSpan.FromSeconds(1));

        await ExpectTerminatedAsync(entryActor);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var stats = await StatsAsync(cache);
        Assert.Equal(0, stats.Entries);
        Assert.Equal(0, stats.Bytes);
    }

    [Fact]
    public async Task FillWhoseLifetimeIsAlreadyOver_IsNotStored()
    {
        var cache = NewCache();
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var stale = new CachedResponse(200, [], new byte[3], Sys.Scheduler.Now - TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(30));

        var reply = await cache.Ask<object>(new Fill("k", miss.Ticket, stale), AskTimeout);

        Assert.Equal(new NotStored("k", "expired"), reply);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task FillWithSomeoneElsesTicket_IsRefused_AndTheRealFillerStillStores()
    {
        var cache = NewCache();
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));

        var forged = await cache.Ask<object>(new Fill("k", new FillTicket(Guid.NewGuid()), Response()), AskTimeout);
        var real = await cache.Ask<object>(new Fill("k", miss.Ticket, Response()), AskTimeout);

        Assert.Equal(new NotStored("k", "stale-ticket"), forged);
        Assert.IsType<Stored>(real);
        Assert.IsType<Hit>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task LookupThatWillNotFill_OnAColdKey_GoesUpstreamAndLeavesTheKeyFree()
    {
        var cache = NewCache();

        var head = await cache.Ask<ILookupReply>(new Lookup("k", WillFill: false), AskTimeout);

        Assert.IsType<GoUpstream>(head);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task Invalidate_RemovesTheEntry_AndTheNextLookupIsAMiss()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k");

        var reply = await cache.Ask<Invalidated>(new Invalidate("k"), AskTimeout);

        Assert.True(reply.Removed);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        Assert.Equal(0, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task InvalidateOfAnUnknownKey_RemovesNothing()
    {
        var cache = NewCache();

        var reply = await cache.Ask<Invalidated>(new Invalidate("never-seen"), AskTimeout);

        Assert.False(reply.Removed);
    }

    [Fact]
    public async Task Stats_CountEntriesBytesHitsAndMisses()
    {
        var cache = NewCache();
        await StoreAsync(cache, "a", Response(bodyBytes: 100));   // miss
        await StoreAsync(cache, "b", Response(bodyBytes: 250));   // miss
        await LookupAsync(cache, "a");                            // hit
        await LookupAsync(cache, "a");                            // hit
        await LookupAsync(cache, "b");                            // hit
        await cache.Ask<ILookupReply>(new Lookup("c", WillFill: false), AskTimeout); // miss, nothing stored

        var stats = await StatsAsync(cache);

        Assert.Equal(new Stats(Entries: 2, Bytes: 350, Hits: 3, Misses: 3), stats);
    }
}
