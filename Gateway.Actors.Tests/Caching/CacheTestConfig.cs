using Xunit;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>Virtual time for every cache test, and the shapes the tests build again and again.</summary>
public abstract class CacheTestKit() : Akka.TestKit.Xunit2.TestKit(CacheTestConfig.VirtualTime)
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    protected static ResponseCache.Settings Settings(
        TimeSpan? ttl = null, long maxBytes = 64L << 20, long maxEntryBytes = 1L << 20, TimeSpan? fillWait = null) =>
        ResponseCache.Settings.Default with
        {
            Ttl = ttl ?? TimeSpan.FromSeconds(30),
            MaxBytes = maxBytes,
            MaxEntryBytes = maxEntryBytes,
            FillWait = fillWait ?? TimeSpan.FromSeconds(10),
        };

    protected TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    protected IActorRef NewCache(ResponseCache.Settings? settings = null) =>
        Sys.ActorOf(ResponseCache.Props(settings ?? Settings()));

    /// <summary>A response stored now for <paramref name="ttl"/>, with no headers so its size is its body.</summary>
    protected CachedResponse Response(int bodyBytes = 5, TimeSpan? ttl = null, int status = 200) =>
        new(status, ImmutableArray<CachedHeader>.Empty, new byte[bodyBytes], Sys.Scheduler.Now, ttl ?? TimeSpan.FromSeconds(30));

    protected async Task<ResponseCache.ILookupReply> LookupAsync(IActorRef cache, string key, TimeSpan? maxWait = null) =>
        await cache.Ask<ResponseCache.ILookupReply>(new ResponseCache.Lookup(key, maxWait), AskTimeout);

    /// <summary>Looks up a cold key, fills it and waits until the entry confirms it is stored.</summary>
    protected async Task<CachedResponse> StoreAsync(IActorRef cache, string key, CachedResponse? response = null)
    {
        var miss = Assert.IsType<ResponseCache.Miss>(await LookupAsync(cache, key));
        response ??= Response();
        var stored = await cache.Ask<object>(new ResponseCache.Fill(key, miss.Ticket, response), AskTimeout);
        Assert.IsType<ResponseCache.Stored>(stored);
        return response;
    }

    protected async Task<ResponseCache.Stats> StatsAsync(IActorRef cache) =>
        await cache.Ask<ResponseCache.Stats>(ResponseCache.GetStats.Instance, AskTimeout);
}

public static class CacheTestConfig
{
    public const string VirtualTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";
}
