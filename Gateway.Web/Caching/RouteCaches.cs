using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.Caching;
using Gateway.Web.Configuration;
using Gateway.Web.Hosting;
using Gateway.Web.Routing;

namespace Gateway.Web.Caching;

/// <summary>
/// Which cache actor holds a route's entries. Routes share the registered one (its budget is the global
/// <c>max-bytes</c>) unless their own <c>cache</c> block changes a limit that actor enforces
/// (<c>max-bytes</c>, <c>max-entry-bytes</c>, <c>fill-wait</c>): such a route gets a cache actor of its own,
/// with its own budget, made the first time the route is asked for. The other keys (<c>enabled</c>,
/// <c>ttl</c>, <c>respect-origin-max-age</c>) are applied per request by the web layer.
/// Each cache actor comes with the <see cref="CacheBoard"/> its entries publish on; the shared actor's is
/// the one registered as a service.
/// </summary>
public sealed class RouteCaches(IRequiredActor<ResponseCacheActor> shared, CacheBoard sharedBoard, ActorSystem system, RouteTableSource config)
{
    private readonly ConcurrentDictionary<string, (ResponseCache.Settings Settings, RouteCache Cache)> _own = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private int _created;

    public RouteCache For(RouteSettings route)
    {
        var global = config.Settings.Defaults.Cache;
        var cache = route.Cache;
        if (cache.MaxBytes == global.MaxBytes && cache.MaxEntryBytes == global.MaxEntryBytes && cache.FillWait == global.FillWait)
            return new RouteCache(shared.ActorRef, sharedBoard);
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
            var created = new RouteCache(system.ActorOf(ResponseCache.Props(cache, board), $"cache-route-{++_created}"), board);
            _own[route.Id] = (cache, created);
            return created;
        }
    }
}

/// <summary>A cache actor and the board its entries publish on.</summary>
public readonly record struct RouteCache(IActorRef Actor, CacheBoard Board);
