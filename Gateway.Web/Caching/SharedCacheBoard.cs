using Gateway.Actors.Caching;

namespace Gateway.Web.Caching;

/// <summary>
/// The board of the cache actor that routes share (registered as <c>ResponseCacheActor</c>): made here so
/// the actor, created by the actor system, and <see cref="RouteCaches"/>, made by the container, get the same one.
/// </summary>
public sealed class SharedCacheBoard
{
    public CacheBoard Board { get; } = new();
}
