using Akka.Actor;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>
/// What the entry actors publish on their <see cref="CacheBoard"/>, which the request path answers hits
/// from: a stored response appears there, and is gone as soon as the actor lets go of it.
/// </summary>
public sealed class ResponseCacheBoardTests : CacheTestKit
{
    private readonly CacheBoard _board = new();

    private CachedResponse? Published(string key) =>
        _board.TryGetFresh(key, Sys.Scheduler.Now, out var fresh) ? fresh.Response : null;

    /// <summary>Stores a response and waits until it is on the board: the entry publishes it once the parent admitted it.</summary>
    private async Task<CachedResponse> StorePublishedAsync(IActorRef cache, string key, CachedResponse? response = null)
    {
        var stored = await StoreAsync(cache, key, response);
        await AwaitConditionAsync(() => Task.FromResult(ReferenceEquals(Published(key), stored)));
        return stored;
    }

    [Fact]
    public async Task StoredResponse_IsPublished()
    {
        var cache = NewCache(board: _board);
        Assert.Null(Published("k"));

        var stored = await StoreAsync(cache, "k");
        await LookupAsync(cache, "k");   // routed after the parent admitted the entry, so answered after it published

        Assert.Same(stored, Published("k"));
    }

    [Fact]
    public async Task ExpiredEntry_IsNotServedFromTheBoard_EvenBeforeItsActorDropsIt_ThenItIsWithdrawn()
    {
        var cache = NewCache(board: _board);
        var stored = await StorePublishedAsync(cache, "k", Response(ttl: TimeSpan.FromSeconds(30)));

        // The clock alone decides: at the expiry instant the board no longer answers, whatever the timer did.
        Assert.False(_board.TryGetFresh("k", stored.ExpiresAt, out _));
        Assert.True(_board.TryGetFresh("k", stored.ExpiresAt - TimeSpan.FromTicks(1), out _));

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));   // after the entry handled its TTL timer

        Assert.False(_board.TryGetFresh("k", stored.StoredAt, out _));
    }

    [Fact]
    public async Task InvalidatedEntry_IsWithdrawn()
    {
        var cache = NewCache(board: _board);
        await StorePublishedAsync(cache, "k");

        await cache.Ask<Invalidated>(new Invalidate("k"), AskTimeout);

        Assert.Null(Published("k"));
    }

    [Fact]
    public async Task EvictedEntry_IsWithdrawn_TheOthersStay()
    {
        var cache = NewCache(Settings(maxBytes: 2000, maxEntryBytes: 1000), _board);
        await StorePublishedAsync(cache, "a", Response(bodyBytes: 1000));
        await StorePublishedAsync(cache, "b", Response(bodyBytes: 1000));

        await StorePublishedAsync(cache, "c", Response(bodyBytes: 1000));

        // Off the board by the time the response that needed its room is on it.
        Assert.Null(Published("a"));
        Assert.NotNull(Published("b"));
        Assert.IsType<Miss>(await LookupAsync(cache, "a"));
    }

    [Fact]
    public async Task StoppedCache_LeavesNoCopyPublished()
    {
        var nodes = NewNodes(otherBoard: _board);
        await StoreAsync(nodes.Home, "a");
        await StoreAsync(nodes.Home, "b");
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "a"));
        Assert.IsType<Hit>(await LookupAsync(nodes.Other, "b"));
        await AwaitConditionAsync(() => Task.FromResult(Published("a") is not null && Published("b") is not null));
        Watch(nodes.Other);

        // A route's cache replaced by a reload: its copies of other nodes' entries go with it.
        nodes.Other.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(nodes.Other);

        Assert.Null(Published("a"));
        Assert.Null(Published("b"));
    }

    [Fact]
    public async Task Revoke_HidesTheEntryAtOnce_AndItsInvalidationDropsIt()
    {
        var cache = NewCache(board: _board);
        await StorePublishedAsync(cache, "k");

        var invalidate = _board.Revoke("k");
        Assert.Null(Published("k"));
        var reply = await cache.Ask<Invalidated>(invalidate, AskTimeout);

        Assert.True(reply.Removed);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    /// <summary>
    /// A fill that completes between the revocation and the actor's handling of the invalidation holds a
    /// response that may predate the change: it must not be served from the board in that window.
    /// </summary>
    [Fact]
    public async Task FillCompletingWhileARevocationIsPending_IsNotPublished_ALaterFillIs()
    {
        var cache = NewCache(board: _board);
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));

        var invalidate = _board.Revoke("k");
        Assert.IsType<Stored>(await cache.Ask<object>(new Fill("k", miss.Ticket, Response()), AskTimeout));
        Assert.IsType<Hit>(await LookupAsync(cache, "k"));   // answered after the entry was admitted and would have published
        Assert.Null(Published("k"));

        await cache.Ask<Invalidated>(invalidate, AskTimeout);
        await StorePublishedAsync(cache, "k");
    }

    [Fact]
    public async Task RevocationOfAKeyWithoutAnEntryActor_EndsWhenItsInvalidationArrives()
    {
        var cache = NewCache(board: _board);

        await cache.Ask<Invalidated>(_board.Revoke("k"), AskTimeout);

        await StorePublishedAsync(cache, "k");
    }

    [Fact]
    public async Task HitsFromTheBoard_CountInTheStats()
    {
        var cache = NewCache(board: _board);
        await StorePublishedAsync(cache, "k");        // one miss
        await LookupAsync(cache, "k");                // one hit through the actor

        for (var i = 0; i < 3; i++)
        {
            Assert.True(_board.TryGetFresh("k", Sys.Scheduler.Now, out var fresh));
            fresh.CountHit();
        }

        var stats = await StatsAsync(cache);
        Assert.Equal(4, stats.Hits);
        Assert.Equal(1, stats.Misses);
    }

    /// <summary>Hits from the board are not told to the parent one by one, but eviction still goes by when each key was last used.</summary>
    [Fact]
    public async Task Eviction_CountsHitsFromTheBoard_AtTheTimeTheyHappened()
    {
        var cache = NewCache(Settings(maxBytes: 3000, maxEntryBytes: 1000), _board);
        foreach (var key in new[] { "a", "b", "c" }) await StorePublishedAsync(cache, key, Response(bodyBytes: 1000));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_board.TryGetFresh("a", Sys.Scheduler.Now, out var fresh));
        fresh.CountHit();                                    // a: used at 1 s, from the board
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<Hit>(await LookupAsync(cache, "b"));   // b: used at 2 s, through the actor; c: not since it was stored

        await StorePublishedAsync(cache, "d", Response(bodyBytes: 1000));
        Assert.Null(Published("c"));
        Assert.NotNull(Published("a"));

        await StorePublishedAsync(cache, "e", Response(bodyBytes: 1000));
        Assert.Null(Published("a"));
        Assert.NotNull(Published("b"));
    }
}
