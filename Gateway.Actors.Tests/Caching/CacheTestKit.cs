using System.Collections.Immutable;
using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Actors.Tests.Sharding;

namespace Gateway.Actors.Tests.Caching;

/// <summary>The shapes the cache tests build again and again, on virtual time.</summary>
public abstract class CacheTestKit : VirtualTimeTestKit
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

    protected IActorRef NewCache(ResponseCache.Settings? settings = null, CacheBoard? board = null) => NewNodes(settings, board).Home;

    /// <summary>
    /// One cache on two nodes: the key entities (played by a <see cref="ShardStandIn"/>) all live on the node of
    /// <see cref="CacheNodes.Home"/>, so to <see cref="CacheNodes.Other"/>'s requests every entity is on another node.
    /// </summary>
    protected CacheNodes NewNodes(ResponseCache.Settings? settings = null, CacheBoard? homeBoard = null, CacheBoard? otherBoard = null)
    {
        settings ??= Settings();
        homeBoard ??= new CacheBoard();
        otherBoard ??= new CacheBoard();
        var directory = new CacheDirectory();
        var entities = Sys.ActorOf(Props.Create(() => new ShardStandIn(ResponseCache.MessageExtractor, id => ResponseCache.EntityProps(id, directory))));
        var home = Sys.ActorOf(ResponseCache.Props(settings, homeBoard, CacheDirectory.SharedCacheId, entities));
        directory.Register(CacheDirectory.SharedCacheId, new CacheHome(settings, homeBoard, home));
        var other = Sys.ActorOf(ResponseCache.Props(settings, otherBoard, CacheDirectory.SharedCacheId, entities));
        return new CacheNodes(home, homeBoard, other, otherBoard, entities);
    }

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

    /// <summary>Stores a response of <paramref name="bodyBytes"/> under each key, in order.</summary>
    protected async Task StoreEachAsync(IActorRef cache, int bodyBytes, params string[] keys)
    {
        foreach (var key in keys) await StoreAsync(cache, key, Response(bodyBytes));
    }

    protected async Task<ResponseCache.Stats> StatsAsync(IActorRef cache) =>
        await cache.Ask<ResponseCache.Stats>(ResponseCache.GetStats.Instance, AskTimeout);
}

/// <summary>A cache on two nodes (see <see cref="CacheTestKit.NewNodes"/>) and the shard stand-in holding its key entities.</summary>
public sealed record CacheNodes(IActorRef Home, CacheBoard HomeBoard, IActorRef Other, CacheBoard OtherBoard, IActorRef Entities);
