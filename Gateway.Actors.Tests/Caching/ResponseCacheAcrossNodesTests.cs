using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// One cache over two nodes (issue 18, "one cache"): every key has one entity, on the home node here, and
/// the other node keeps a copy of what it was given, serves it from its own board and budget, and loses it
/// when the entity lets go of the entry.
/// </summary>
public sealed class ResponseCacheAcrossNodesTests : CacheTestKit
{
    private static CachedResponse? Published(CacheBoard board, string key, DateTimeOffset now) =>
        board.TryGetFresh(key, now, out var fresh) ? fresh.Response : null;

    private Task UntilAsync(Func<bool> condition) => AwaitConditionAsync(() => Task.FromResult(condition()));

    [Fact]
    public async Task KeyFilledThroughOneNode_IsAHitOnTheOther_KeptAsItsCopy()
    {
        var nodes = NewNodes();
        var stored = await StoreAsync(nodes.Home, "k", Response(bodyBytes: 300));

        var hit = Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));

        Assert.Equal(stored.Body.ToArray(), hit.Entry.Body.ToArray());
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is not null);
        var stats = await StatsAsync(nodes.Other);
        Assert.Equal((1, 300L), (stats.Entries, stats.Bytes));
    }

    [Fact]
    public async Task FillThroughTheOtherNode_IsStoredByTheEntity_AndKeptThereAsACopy()
    {
        var nodes = NewNodes();

        var response = await StoreAsync(nodes.Other, "k", Response(bodyBytes: 200));

        Assert.IsType<Hit>(await LookupAsync(nodes.Home, "k"));
        await UntilAsync(() => ReferenceEquals(Published(nodes.OtherBoard, "k", Sys.Scheduler.Now), response));
        Assert.Equal(200L, (await StatsAsync(nodes.Other)).Bytes);
        Assert.Equal(200L, (await StatsAsync(nodes.Home)).Bytes);
    }

    [Fact]
    public async Task ConcurrentMissesOnBothNodes_MakeOneFill()
    {
        var nodes = NewNodes();
        var miss = Assert.IsType<Miss>(await LookupAsync(nodes.Home, "k"));
        var waiters = Enumerable.Range(0, 4).Select(_ => LookupAsync(nodes.Other, "k")).ToList();
        var homeWaiter = LookupAsync(nodes.Home, "k");

        nodes.Home.Tell(new Fill("k", miss.Ticket, Response()));

        // Each waits on the fill or, if the fill overtook it, is a plain hit: either way nobody else goes upstream.
        foreach (var waiter in waiters.Append(homeWaiter)) Assert.IsType<Hit>(await waiter);
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is not null);
    }

    [Fact]
    public async Task Invalidation_OnEitherNode_DropsTheEntry_AndEveryCopy()
    {
        var nodes = NewNodes();
        await StoreAsync(nodes.Home, "k");
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is not null);

        var invalidated = await nodes.Home.Ask<Invalidated>(new Invalidate("k"), AskTimeout);

        Assert.True(invalidated.Removed);
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is null);
        Assert.Equal((0, 0L), ((await StatsAsync(nodes.Other)).Entries, (await StatsAsync(nodes.Other)).Bytes));
        Assert.IsType<Miss>(await LookupAsync(nodes.Other, "k"));
    }

    [Fact]
    public async Task RevocationOnTheOtherNode_HidesItsCopyAtOnce_AndEndsWhenTheEntityConfirms()
    {
        var nodes = NewNodes();
        await StoreAsync(nodes.Home, "k");
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is not null);

        var invalidate = nodes.OtherBoard.Revoke("k");
        Assert.Null(Published(nodes.OtherBoard, "k", Sys.Scheduler.Now));
        Assert.True((await nodes.Other.Ask<Invalidated>(invalidate, AskTimeout)).Removed);

        // Once the entity has confirmed, a new fill is published on the other node again.
        var refill = await StoreAsync(nodes.Home, "k");
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));
        await UntilAsync(() => ReferenceEquals(Published(nodes.OtherBoard, "k", Sys.Scheduler.Now), refill));
    }

    [Fact]
    public async Task Copy_ExpiresWithTheEntry_AndLeavesTheOtherNodesBudget()
    {
        var nodes = NewNodes();
        await StoreAsync(nodes.Home, "k", Response(bodyBytes: 100, ttl: TimeSpan.FromSeconds(30)));
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));
        await UntilAsync(() => Published(nodes.OtherBoard, "k", Sys.Scheduler.Now) is not null);

        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(Published(nodes.OtherBoard, "k", Sys.Scheduler.Now));
        await AwaitAssertAsync(async () => Assert.Equal(0L, (await StatsAsync(nodes.Other)).Bytes));
    }

    [Fact]
    public async Task Copies_CountAgainstTheNodesBudget_LeastRecentlyUsedFirst()
    {
        var nodes = NewNodes(Settings(maxBytes: 2500, maxEntryBytes: 1000));
        await StoreAsync(nodes.Home, "a", Response(bodyBytes: 1000));
        await StoreAsync(nodes.Home, "b", Response(bodyBytes: 1000));
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "a"));
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "b"));
        // The home node evicts "a" for "c"; the other node, holding copies of a and b, evicts its "a" for "c" too.
        await StoreAsync(nodes.Other, "c", Response(bodyBytes: 1000));

        var stats = await StatsAsync(nodes.Other);
        Assert.Equal((2, 2000L), (stats.Entries, stats.Bytes));
        Assert.Null(Published(nodes.OtherBoard, "a", Sys.Scheduler.Now));
        Assert.NotNull(Published(nodes.OtherBoard, "b", Sys.Scheduler.Now));
    }

    [Fact]
    public async Task StaleEntry_IsRevalidatedThroughTheOtherNode_WhichKeepsTheRefreshedCopy()
    {
        var nodes = NewNodes();
        var stale = Response(ttl: TimeSpan.FromSeconds(10)) with { KeepStale = TimeSpan.FromSeconds(60), StaleWhileRevalidate = TimeSpan.FromSeconds(30) };
        await StoreAsync(nodes.Home, "k", stale);
        Clock.Advance(TimeSpan.FromSeconds(12));

        var staleHit = Assert.IsType<Hit>(await LookupAsync(nodes.Other, "k"));
        Assert.Equal("stale-while-revalidate", staleHit.StaleReason);
        var refreshed = Response(bodyBytes: 11, ttl: TimeSpan.FromSeconds(10));
        var stored = await nodes.Other.Ask<object>(new Fill("k", staleHit.Refresh!, refreshed), AskTimeout);

        Assert.IsType<Stored>(stored);
        await UntilAsync(() => ReferenceEquals(Published(nodes.OtherBoard, "k", Sys.Scheduler.Now), refreshed));
        Assert.Same(refreshed, Assert.IsType<Hit>(await LookupAsync(nodes.Home, "k")).Entry);
    }
}
