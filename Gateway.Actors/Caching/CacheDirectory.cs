using System.Collections.Concurrent;
using Akka.Actor;

namespace Gateway.Actors.Caching;

/// <summary>
/// This node's caches by id, for the key entities sharding starts here: an entity reports its memory to
/// the node cache of its home and publishes on that cache's board. The shared cache is registered at start
/// (id <see cref="SharedCacheId"/>); a route's own cache may not exist on this node yet when another node
/// first asks for one of its keys, so the web layer supplies a resolver that makes it.
/// </summary>
public sealed class CacheDirectory
{
    public const string SharedCacheId = "";

    private readonly ConcurrentDictionary<string, CacheHome> _homes = new(StringComparer.Ordinal);
    private Func<string, CacheHome?> _resolve = _ => null;

    public void Register(string cacheId, CacheHome home) => _homes[cacheId] = home;

    /// <summary>How to make a cache that is not registered yet (null: none by that id here).</summary>
    public void ResolveWith(Func<string, CacheHome?> resolve) => _resolve = resolve;

    /// <summary>The cache by that id on this node, made now if need be; null if this node has none.</summary>
    public CacheHome? Find(string cacheId) => _homes.TryGetValue(cacheId, out var home) ? home : _resolve(cacheId);
}

/// <summary>One cache on one node: its limits, the board its entries publish on, and its node cache actor.</summary>
public sealed record CacheHome(ResponseCache.Settings Settings, CacheBoard Board, IActorRef NodeCache);
