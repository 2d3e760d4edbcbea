using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.CacheEntryProtocol;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Tests.Caching;

/// <summary>Idle entry actors stop, and nothing sent to their key meanwhile is lost or delivered twice.</summary>
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
    public async Task CommandsArrivingWhileAnEntryStops_GoToTheNextIncarnation_InOrder()
    {
        var (entries, cache, old) = await StartWithAStoppingEntryAsync();
        cache.Tell(new Lookup("k", MaxWait: TimeSpan.FromSeconds(1)));
        cache.Tell(new Lookup("k", MaxWait: TimeSpan.FromSeconds(2)));
        Watch(old);
        old.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(old);

        var first = await entries.ExpectMsgAsync<ScriptedEntry.Received>();
        var second = await entries.ExpectMsgAsync<ScriptedEntry.Received>();
        Assert.NotEqual(old, first.Entry);
        Assert.Equal(first.Entry, second.Entry);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<Lookup>(first.Message).MaxWait);
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<Lookup>(second.Message).MaxWait);
        await entries.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task CommandsArrivingWhileAnEntryStops_GoToItWhenItStaysAlive()
    {
        var (entries, cache, entry) = await StartWithAStoppingEntryAsync();
        cache.Tell(new Invalidate("k"));

        entry.Tell(new ScriptedEntry.ToParent(new StayAlive("k")));

        var delivered = await entries.ExpectMsgAsync<ScriptedEntry.Received>();
        Assert.Equal(entry, delivered.Entry);
        Assert.IsType<Invalidate>(delivered.Message);
    }

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

    /// <summary>Stands in for an entry actor: reports what it receives, says to its parent what the test tells it to.</summary>
    /// <summary>
    /// A cache whose entry actors are scripted (what they receive goes to <c>Entries</c>); its entry for
    /// "k" has asked to passivate and been told to stop, so what comes for "k" now arrives mid-stop.
    /// </summary>
    private async Task<(TestProbe Entries, IActorRef Cache, IActorRef Entry)> StartWithAStoppingEntryAsync()
    {
        var entries = CreateTestProbe();
        var cache = Sys.ActorOf(ResponseCache.Props(Settings(), _ => Akka.Actor.Props.Create(() => new ScriptedEntry(entries))));
        cache.Tell(new Lookup("k"));
        var entry = (await entries.ExpectMsgAsync<ScriptedEntry.Received>()).Entry;
        entry.Tell(new ScriptedEntry.ToParent(new Passivate("k")));
        Assert.IsType<StopEntry>((await entries.ExpectMsgAsync<ScriptedEntry.Received>()).Message);
        return (entries, cache, entry);
    }

    private sealed class ScriptedEntry : ReceiveActor
    {
        public sealed record ToParent(object Message);

        public sealed record Received(IActorRef Entry, object Message);

        public ScriptedEntry(IActorRef observer)
        {
            Receive<ToParent>(m => Context.Parent.Tell(m.Message));
            ReceiveAny(m => observer.Tell(new Received(Self, m)));
        }
    }
}
