using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.CacheEntry;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>Idle key entities passivate, and nothing sent to their key meanwhile is lost or delivered twice.</summary>
public sealed class ResponseCachePassivationTests : CacheTestKit
{
    [Fact]
    public async Task IdleEntryWithNothingStored_Stops_AndTheKeyStillWorks()
    {
        var settings = Settings();
        var cache = NewCache(settings);
        cache.Tell(new Lookup("k", WillFill: false));
        await ExpectMsgAsync<GoUpstream>();
        var entryActor = LastSender;
        var watcher = CreateTestProbe();
        watcher.Watch(entryActor);

        // The receive timeout is armed just after the reply is sent; advancing once more covers
        // the case where the clock moved before it was armed.
        Terminated? stopped = null;
        for (var attempt = 0; attempt < 3 && stopped is null; attempt++)
        {
            Clock.Advance(settings.PassivateAfter);
            stopped = await watcher.ReceiveOneAsync(TimeSpan.FromMilliseconds(500)) as Terminated;
        }

        Assert.NotNull(stopped);
        Assert.Equal(entryActor, stopped.ActorRef);
        Assert.IsType<Miss>(await LookupAsync(cache, "k"));
    }

    [Fact]
    public async Task EntryWaitingOnAFill_DoesNotPassivate()
    {
        var settings = Settings(fillWait: TimeSpan.FromMinutes(5));
        var cache = NewCache(settings);
        var miss = Assert.IsType<Miss>(await LookupAsync(cache, "k"));
        var waiter = LookupAsync(cache, "k");
        Assert.IsType<GoUpstream>(await LookupAsync(cache, "k", maxWait: TimeSpan.Zero));

        Clock.Advance(settings.PassivateAfter * 3);
        cache.Tell(new Fill("k", miss.Ticket, Response()));

        Assert.IsType<Hit>(await waiter);
    }

    [Fact]
    public async Task CommandsReachingAnEntryAfterItAskedToStop_GoBackToTheShard_ForTheNextIncarnation()
    {
        var directory = new CacheDirectory();
        directory.Register(CacheDirectory.SharedCacheId, new CacheHome(Settings(), new CacheBoard(), CreateTestProbe().Ref));
        var shard = CreateTestProbe();
        var entry = shard.ChildActorOf(ResponseCache.EntityProps(CacheShardsId("k"), directory));
        var origin = CreateTestProbe().Ref;

        // Nothing stored, so an invalidation leaves it nothing to keep: it asks to stop at once.
        entry.Tell(new EntryCommand(CacheDirectory.SharedCacheId, new Invalidate("k"), origin));
        Assert.False((await ExpectMsgAsync<Invalidated>()).Removed);
        Assert.IsType<StopEntry>((await shard.ExpectMsgAsync<Akka.Cluster.Sharding.Passivate>()).StopMessage);
        var late = new EntryCommand(CacheDirectory.SharedCacheId, new Lookup("k"), origin);
        entry.Tell(late, TestActor);

        Assert.Equal(late, await shard.ExpectMsgAsync<EntryCommand>());
        Assert.Equal(TestActor, shard.LastSender);
        Watch(entry);
        entry.Tell(StopEntry.Instance);
        await ExpectTerminatedAsync(entry);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private static string CacheShardsId(string key) => CacheDirectory.SharedCacheId + "\n" + key;

    [Fact]
    public async Task LookupsRacingAnExpiry_EachGetExactlyOneAnswer()
    {
        var cache = NewCache();
        await StoreAsync(cache, "k", Response(ttl: TimeSpan.FromSeconds(30)));

        Clock.Advance(TimeSpan.FromSeconds(30));
        // These race the expired entry's hand-over: some may reach it before it asks to stop, some
        // are buffered for the next incarnation. Either way: one filler, the rest wait on it.
        var lookups = Enumerable.Range(0, 10).Select(_ => LookupAsync(cache, "k")).ToList();
        var miss = Assert.IsType<Miss>(await await Task.WhenAny(lookups));
        cache.Tell(new Fill("k", miss.Ticket, Response()));
        var replies = await Task.WhenAll(lookups);

        Assert.Single(replies.OfType<Miss>());
        Assert.Equal(9, replies.OfType<Hit>().Count());
    }
}
