using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// RFC 9111 §4.1 in the key's entity: several variants of a key, each picked by the request fields its response's
/// Vary names, filled one fill per variant, bounded by <c>max-variants</c> (least recently used first), all dropped
/// by an invalidation, and copied to other nodes variant by variant.
/// </summary>
public sealed class ResponseCacheVariantTests : CacheTestKit
{
    private const string Key = "k";

    private static RequestFields Language(string? language) =>
        language is null ? RequestFields.None : new([new CachedHeader("Accept-Language", language)]);

    /// <summary>A response that varies on Accept-Language, stored for a request with <paramref name="language"/> (null: without the field).</summary>
    private CachedResponse Variant(string? language, int bodyBytes = 5, TimeSpan? ttl = null) =>
        new(200, [], new byte[bodyBytes], Sys.Scheduler.Now, ttl ?? TimeSpan.FromSeconds(30),
            [language is null ? new CachedHeader("Accept-Language") : new CachedHeader("Accept-Language", language)]);

    private Task<ILookupReply> LookUpAsync(IActorRef cache, string? language, TimeSpan? maxWait = null, bool willFill = true) =>
        cache.Ask<ILookupReply>(new Lookup(Key, maxWait, willFill) { Fields = Language(language) }, AskTimeout);

    private async Task<CachedResponse> StoreVariantAsync(IActorRef cache, string? language, int bodyBytes = 5)
    {
        var miss = Assert.IsType<Miss>(await LookUpAsync(cache, language));
        var response = Variant(language, bodyBytes);
        Assert.IsType<Stored>(await cache.Ask<object>(new Fill(Key, miss.Ticket, response), AskTimeout));
        return response;
    }

    private static CachedResponse? Published(CacheBoard board, string? language, DateTimeOffset now) =>
        board.TryGetFresh(Key, now, Language(language), out var fresh) ? fresh.Response : null;

    private Task UntilAsync(Func<bool> condition) => AwaitConditionAsync(() => Task.FromResult(condition()));

    [Fact]
    public async Task EachVariant_4_1_IsStoredBesideTheOthers_AndGivenOnlyToItsOwnRequests()
    {
        var cache = NewCache();
        var english = await StoreVariantAsync(cache, "en");

        var french = Assert.IsType<Miss>(await LookUpAsync(cache, "fr"));
        Assert.True(french.VaryMiss);
        var frenchResponse = Variant("fr");
        Assert.IsType<Stored>(await cache.Ask<object>(new Fill(Key, french.Ticket, frenchResponse), AskTimeout));

        Assert.Same(english, Assert.IsType<Hit>(await LookUpAsync(cache, "en")).Entry);
        Assert.Same(frenchResponse, Assert.IsType<Hit>(await LookUpAsync(cache, "fr")).Entry);
        Assert.True(Assert.IsType<Miss>(await LookUpAsync(cache, "de")).VaryMiss);
        Assert.Equal(english.SizeBytes + frenchResponse.SizeBytes, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task AbsentField_4_1_IsAnotherVariantThanAnEmptyOne()
    {
        var cache = NewCache();
        var absent = await StoreVariantAsync(cache, null);

        Assert.IsType<Miss>(await LookUpAsync(cache, ""));
        Assert.Same(absent, Assert.IsType<Hit>(await LookUpAsync(cache, null)).Entry);
    }

    [Fact]
    public async Task LookupThatWillNotFill_OfAnotherVariant_GoesUpstreamAsAVaryMiss()
    {
        var cache = NewCache();
        await StoreVariantAsync(cache, "en");

        var head = Assert.IsType<GoUpstream>(await LookUpAsync(cache, "fr", willFill: false));

        Assert.True(head.VaryMiss);
        Assert.Equal("not-stored", head.Reason);
    }

    [Fact]
    public async Task LookupWithoutFields_FromAnOlderNode_IsGivenTheMostRecentVariant()
    {
        var cache = NewCache();
        await StoreVariantAsync(cache, "en");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var french = await StoreVariantAsync(cache, "fr");

        Assert.Same(french, Assert.IsType<Hit>(await LookupAsync(cache, Key)).Entry);
    }

    [Fact]
    public async Task OneVariantMoreThanMaxVariants_LetsGoOfTheLeastRecentlyUsed()
    {
        var cache = NewCache(Settings() with { MaxVariants = 2 });
        var english = await StoreVariantAsync(cache, "en");
        await StoreVariantAsync(cache, "fr");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<Hit>(await LookUpAsync(cache, "en"));        // en used after fr

        await StoreVariantAsync(cache, "de");

        Assert.True(Assert.IsType<Miss>(await LookUpAsync(cache, "fr")).VaryMiss);
        Assert.Same(english, Assert.IsType<Hit>(await LookUpAsync(cache, "en")).Entry);
        Assert.IsType<Hit>(await LookUpAsync(cache, "de"));
        Assert.Equal(2 * english.SizeBytes, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task HitsFromTheBoard_CountAsUses_WhenTheEntityChoosesWhichVariantGoes()
    {
        var board = new CacheBoard();
        var cache = NewCache(Settings() with { MaxVariants = 2 }, board);
        await StoreVariantAsync(cache, "en");
        await StoreVariantAsync(cache, "fr");
        await UntilAsync(() => Published(board, "en", Sys.Scheduler.Now) is not null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(board.TryGetFresh(Key, Sys.Scheduler.Now, Language("en"), out var hit));
        hit.CountHit();                                            // en used after fr, and the entity was not told

        await StoreVariantAsync(cache, "de");

        Assert.IsType<Miss>(await LookUpAsync(cache, "fr"));
        Assert.IsType<Hit>(await LookUpAsync(cache, "en"));
        Assert.Null(Published(board, "fr", Sys.Scheduler.Now));
    }

    [Fact]
    public async Task VariantsTogether_StayWithinMaxBytes_TheLeastRecentlyUsedGoingFirst()
    {
        var cache = NewCache(Settings(maxBytes: 2500, maxEntryBytes: 1100));
        var english = await StoreVariantAsync(cache, "en", bodyBytes: 1000);
        await StoreVariantAsync(cache, "fr", bodyBytes: 1000);

        await StoreVariantAsync(cache, "de", bodyBytes: 1000);

        Assert.IsType<Miss>(await LookUpAsync(cache, "en"));
        Assert.IsType<Hit>(await LookUpAsync(cache, "fr"));
        Assert.Equal(2 * english.SizeBytes, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task Invalidation_4_4_DropsEveryVariant_OffTheBoardToo()
    {
        var board = new CacheBoard();
        var cache = NewCache(board: board);
        await StoreVariantAsync(cache, "en");
        await StoreVariantAsync(cache, "fr");
        await UntilAsync(() => Published(board, "fr", Sys.Scheduler.Now) is not null && Published(board, "en", Sys.Scheduler.Now) is not null);

        Assert.True((await cache.Ask<Invalidated>(new Invalidate(Key), AskTimeout)).Removed);

        Assert.Null(Published(board, "en", Sys.Scheduler.Now));
        Assert.Null(Published(board, "fr", Sys.Scheduler.Now));
        // Nothing stored for the key at all: not a vary-miss.
        Assert.Equal(new GoUpstream(Key, "not-stored"), await LookUpAsync(cache, "en", willFill: false));
        Assert.Equal(new GoUpstream(Key, "not-stored"), await LookUpAsync(cache, "fr", willFill: false));
        Assert.Equal(0L, (await StatsAsync(cache)).Bytes);
    }

    [Fact]
    public async Task ConcurrentRequests_ShareTheirOwnVariantsFill_AndDoNotWaitOnAnothers()
    {
        var cache = NewCache();
        await StoreVariantAsync(cache, "en");
        var french = Assert.IsType<Miss>(await LookUpAsync(cache, "fr"));
        var german = Assert.IsType<Miss>(await LookUpAsync(cache, "de"));
        var frenchWaiter = LookUpAsync(cache, "fr");
        var germanWaiter = LookUpAsync(cache, "de");
        await WaitersRegisteredAsync(cache, "fr");

        var frenchResponse = Variant("fr");
        cache.Tell(new Fill(Key, french.Ticket, frenchResponse));

        var frenchHit = Assert.IsType<Hit>(await frenchWaiter);
        Assert.Same(frenchResponse, frenchHit.Entry);
        Assert.True(frenchHit.Collapsed);
        Assert.False(germanWaiter.IsCompleted);
        var germanResponse = Variant("de");
        cache.Tell(new Fill(Key, german.Ticket, germanResponse));
        Assert.Same(germanResponse, Assert.IsType<Hit>(await germanWaiter).Entry);
    }

    [Fact]
    public async Task AKeysFirstFill_IsWaitedOnByAll_AndThoseItDoesNotMatchThenFillTheirOwnVariant()
    {
        var cache = NewCache();
        var english = Assert.IsType<Miss>(await LookUpAsync(cache, "en"));
        // Nothing has said yet what the key varies on: everyone waits on the one fill.
        var frenchWaiters = new[] { LookUpAsync(cache, "fr"), LookUpAsync(cache, "fr") };
        var englishWaiter = LookUpAsync(cache, "en");
        await WaitersRegisteredAsync(cache, "de");

        cache.Tell(new Fill(Key, english.Ticket, Variant("en")));

        Assert.True(Assert.IsType<Hit>(await englishWaiter).Collapsed);
        var french = Assert.IsType<Miss>(await await Task.WhenAny(frenchWaiters));
        Assert.True(french.VaryMiss);
        var frenchResponse = Variant("fr");
        cache.Tell(new Fill(Key, french.Ticket, frenchResponse));
        var replies = await Task.WhenAll(frenchWaiters);
        Assert.Single(replies.OfType<Miss>());
        Assert.Same(frenchResponse, Assert.Single(replies.OfType<Hit>()).Entry);
    }

    [Fact]
    public async Task StaleVariant_IsRevalidatedAlone_TheOthersStayHits()
    {
        var cache = NewCache();
        var english = Variant("en", ttl: TimeSpan.FromSeconds(10)) with { KeepStale = TimeSpan.FromSeconds(60) };
        var miss = Assert.IsType<Miss>(await LookUpAsync(cache, "en"));
        Assert.IsType<Stored>(await cache.Ask<object>(new Fill(Key, miss.Ticket, english), AskTimeout));
        Clock.Advance(TimeSpan.FromSeconds(8));
        await StoreVariantAsync(cache, "fr");
        Clock.Advance(TimeSpan.FromSeconds(4));

        var revalidate = Assert.IsType<Miss>(await LookUpAsync(cache, "en"));

        Assert.Same(english, revalidate.Stale);
        Assert.False(revalidate.VaryMiss);
        Assert.IsType<Hit>(await LookUpAsync(cache, "fr"));
        var refreshed = Variant("en");
        Assert.IsType<Stored>(await cache.Ask<object>(new Fill(Key, revalidate.Ticket, refreshed), AskTimeout));
        Assert.Same(refreshed, Assert.IsType<Hit>(await LookUpAsync(cache, "en")).Entry);
    }

    [Fact]
    public async Task VariantsBeingFilled_AreBoundedByMaxVariants_TooMany_GoUpstream()
    {
        var cache = NewCache(Settings() with { MaxVariants = 1 });
        await StoreVariantAsync(cache, "en");
        Assert.IsType<Miss>(await LookUpAsync(cache, "fr"));

        var german = Assert.IsType<GoUpstream>(await LookUpAsync(cache, "de"));

        Assert.Equal("variants-filling", german.Reason);
        Assert.True(german.VaryMiss);
    }

    [Fact]
    public async Task EachVariantFilledThroughEitherNode_IsAHitOnTheOther_FromItsOwnCopies()
    {
        var nodes = NewNodes();
        var english = await StoreVariantAsync(nodes.Home, "en");
        var french = await StoreVariantAsync(nodes.Other, "fr");

        Assert.Same(english, Assert.IsType<Hit>(await LookUpAsync(nodes.Other, "en")).Entry);
        Assert.Same(french, Assert.IsType<Hit>(await LookUpAsync(nodes.Home, "fr")).Entry);
        await UntilAsync(() => Published(nodes.OtherBoard, "en", Sys.Scheduler.Now) is not null
            && Published(nodes.OtherBoard, "fr", Sys.Scheduler.Now) is not null);
        Assert.Null(Published(nodes.OtherBoard, "de", Sys.Scheduler.Now));
        Assert.Equal(english.SizeBytes + french.SizeBytes, (await StatsAsync(nodes.Other)).Bytes);

        await nodes.Home.Ask<Invalidated>(new Invalidate(Key), AskTimeout);

        await UntilAsync(() => Published(nodes.OtherBoard, "en", Sys.Scheduler.Now) is null
            && Published(nodes.OtherBoard, "fr", Sys.Scheduler.Now) is null);
        await AwaitAssertAsync(async () => Assert.Equal(0L, (await StatsAsync(nodes.Other)).Bytes));
    }

    [Fact]
    public async Task AVariantLetGoOf_DropsOnlyItsOwnCopyOnTheOtherNode()
    {
        var nodes = NewNodes(Settings() with { MaxVariants = 2 });
        await StoreVariantAsync(nodes.Home, "en");
        await StoreVariantAsync(nodes.Home, "fr");
        Assert.IsType<Hit>(await LookUpAsync(nodes.Other, "en"));
        Assert.IsType<Hit>(await LookUpAsync(nodes.Other, "fr"));
        await UntilAsync(() => Published(nodes.OtherBoard, "fr", Sys.Scheduler.Now) is not null);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<Hit>(await LookUpAsync(nodes.Home, "fr"));
        await StoreVariantAsync(nodes.Home, "de");                  // en goes: used least recently

        await UntilAsync(() => Published(nodes.OtherBoard, "en", Sys.Scheduler.Now) is null);
        Assert.NotNull(Published(nodes.OtherBoard, "fr", Sys.Scheduler.Now));
    }

    /// <summary>
    /// A lookup that may not wait is answered at once, after every lookup routed before it: once it is back, those are
    /// registered as waiters. It must be one that would wait, so its variant must be being filled (or nothing be stored).
    /// </summary>
    private async Task WaitersRegisteredAsync(IActorRef cache, string language) =>
        Assert.Equal("fill-in-progress", Assert.IsType<GoUpstream>(await LookUpAsync(cache, language, maxWait: TimeSpan.Zero)).Reason);
}
