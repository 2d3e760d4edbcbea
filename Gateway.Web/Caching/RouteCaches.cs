using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Routing;

namespace Gateway.Web.Caching;

/// <summary>
/// Which cache actor holds a route's entries on this node. Routes share the registered one (its budget is
/// the global <c>max-bytes</c>) unless their own <c>cache</c> block changes a limit that actor or its key entities
/// enforce (<c>max-bytes</c>, <c>max-entry-bytes</c>, <c>fill-wait</c>, <c>max-variants</c>): such a route gets a cache actor of its own,
/// with its own budget, under the route's id, made the first time the route is asked for, here or by another
/// node whose request made a key entity start on this one (<see cref="CacheDirectory"/>). The other keys
/// (<c>enabled</c>, <c>ttl</c>, <c>respect-origin-max-age</c>, <c>freshness</c>, <c>cdn-cache-control</c>) are applied per request by the web layer.
/// Each cache actor comes with the <see cref="CacheBoard"/> its entries publish on; the shared actor's is
/// the one registered as a service.
/// </summary>
public sealed class RouteCaches
{
    private readonly IRequiredActor<NodeCacheActor> _shared;
    private readonly CacheBoard _sharedBoard;
    private readonly IRequiredActor<CacheEntityRegion> _entities;
    private readonly ActorSystem _system;
    private readonly RouteTableSource _config;
    private readonly CacheDirectory _directory;
    private readonly ConcurrentDictionary<string, (ResponseCache.Settings Settings, RouteCache Cache)> _own = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private int _created;

    public RouteCaches(
        IRequiredActor<NodeCacheActor> shared, CacheBoard sharedBoard, IRequiredActor<CacheEntityRegion> entities,
        ActorSystem system, RouteTableSource config, CacheDirectory directory)
    {
        _shared = shared;
        _sharedBoard = sharedBoard;
        _entities = entities;
        _system = system;
        _config = config;
        _directory = directory;
        directory.ResolveWith(RouteCacheById);
    }

    public RouteCache For(RouteSettings route)
    {
        if (!HasOwnCache(route)) return new RouteCache(_shared.ActorRef, _sharedBoard, CacheDirectory.SharedCacheId);
        var cache = route.Cache;
        if (_own.TryGetValue(route.Id, out var own) && own.Settings == cache) return own.Cache;

        lock (_creating)
        {
            if (_own.TryGetValue(route.Id, out own))
            {
                if (own.Settings == cache) return own.Cache;
                // The route was redefined (a reloaded table): its old store goes, a new one takes its place.
                own.Cache.Actor.Tell(PoisonPill.Instance);
            }
            var board = new CacheBoard();
            var actor = _system.ActorOf(ResponseCache.Props(cache, board, route.Id, _entities.ActorRef), $"cache-route-{++_created}");
            var created = new RouteCache(actor, board, route.Id);
            _directory.Register(route.Id, new CacheHome(cache, board, actor));
            _own[route.Id] = (cache, created);
            return created;
        }
    }

    private bool HasOwnCache(RouteSettings route)
    {
        var global = _config.Settings.Defaults.Cache;
        var cache = route.Cache;
        return cache.MaxBytes != global.MaxBytes || cache.MaxEntryBytes != global.MaxEntryBytes || cache.FillWait != global.FillWait
            || cache.MaxVariants != global.MaxVariants;
    }

    /// <summary>A route's own cache on this node, made now if another node's request needs it first.</summary>
    private CacheHome? RouteCacheById(string routeId)
    {
        var route = _config.Settings.Routes.FirstOrDefault(r => r.Id == routeId);
        if (route is null || !HasOwnCache(route)) return null;
        For(route);
        return _directory.Find(routeId);
    }
}

/// <summary>A cache actor, the board its entries publish on, and its id (which, with a key, names the key's entity).</summary>
public readonly record struct RouteCache(IActorRef Actor, CacheBoard Board, string Id);
