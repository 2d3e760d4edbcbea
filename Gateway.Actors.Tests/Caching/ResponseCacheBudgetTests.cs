using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>The byte budget: <c>max-bytes</c> over all entries, <c>max-entry-bytes</c> per entry.</summary>
public sealed class ResponseCacheBudgetTests : CacheTestKit
{
    [Fact]
    public async Task StoringPastMaxBytes_EvictsTheLeastRecentlyHitEntryFirst()
    {
        var cache = NewCache(Settings(maxBytes: 3000, maxEntryBytes: 1000));
        await StoreEachAsync(cache, bodyBytes: 1000, "a", "b", "c");
        Assert.IsType<Hit>(await LookupAsync(cache, "a"));   // a is now more recent than b and c

        await StoreAsync(cache, "d", Response(bodyBytes: 1000));

        Assert.Equal((3, 3000L), await EntriesAndBytesAsync(cache));
        Assert.IsType<Miss>(await LookupAsync(cache, "b"));
        Assert.IsType<Hit>(await LookupAsync(cache, "a"));
        Assert.IsType<Hit>(await LookupAsync(cache, "c"));
        Assert.IsType<Hit>(await LookupAsync(cache, "d"));
    }

    [Fact]
    public async Task OneLargeEntry_EvictsAsManyOldEntriesAsItNeeds()
    {
        var cache = NewCache(Settings(maxBytes: 1000, maxEntryBytes: 1000));
        await StoreEachAsync(cache, bodyBytes: 300, "a", "b", "c");

        await StoreAsync(cache, "big", Response(bodyBytes: 800));

        Assert.Equal((1, 800L), await EntriesAndBytesAsync(cache));
        Assert.IsType<Hit>(await LookupAsync(cache, "big"));
    }

    [Fact]
    public async Task FillOverMaxEntryBytes_IsRefused_WaitersGoUpstream_NothingIsStored()
    {
        var cache = NewCache(Settings(maxBytes: 10_000, maxEntryBytes: 100));
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiter = LookupAsync(cache, "k");

        var reply = await cache.Ask<object>(new Fill("k", miss.Ticket, Response(bodyBytes: 101)), AskTimeout);

        Assert.Equal(new NotStored("k", "too-large"), reply);
        Assert.Equal(new GoUpstream("k", "too-large"), await waiter);
        Assert.Equal((0, 0L), await EntriesAndBytesAsync(cache));
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task FillOfExactlyMaxEntryBytes_IsStored()
    {
        var cache = NewCache(Settings(maxBytes: 10_000, maxEntryBytes: 100));

        await StoreAsync(cache, "k", Response(bodyBytes: 100));

        Assert.Equal((1, 100L), await EntriesAndBytesAsync(cache));
    }

    [Fact]
    public async Task EntrySize_CountsTheHeadersToo()
    {
        var cache = NewCache(Settings(maxBytes: 10_000, maxEntryBytes: 100));
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        // 90 body bytes + "ETag" and "\"abc\"" = 9 chars = 18 bytes: 108 > 100.
        var response = new CachedResponse(200, [new CachedHeader("ETag", "\"abc\"")], new byte[90], Sys.Scheduler.Now, TimeSpan.FromSeconds(30));

        var reply = await cache.Ask<object>(new Fill("k", miss.Ticket, response), AskTimeout);

        Assert.Equal(108, response.SizeBytes);
        Assert.Equal(new NotStored("k", "too-large"), reply);
    }

    [Fact]
    public void CachedBody_IsACopy_SoTheCallersBufferCanBeReused()
    {
        var buffer = new byte[] { 1, 2, 3 };
        var response = new CachedResponse(200, [], buffer, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));

        buffer[0] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, response.Body.ToArray());
    }

    private async Task<(int Entries, long Bytes)> EntriesAndBytesAsync(Akka.Actor.IActorRef cache)
    {
        var stats = await StatsAsync(cache);
        return (stats.Entries, stats.Bytes);
    }
}
