using System.Runtime.CompilerServices;
using Gateway.Web.Configuration;

namespace Gateway.Web.Balancing;

/// <summary>
/// The <see cref="UpstreamPool"/> of each route, keyed by the route's settings object: a route table
/// swapped on reload brings new settings objects and so fresh pools, and the old ones go with the
/// old table. Lookups of an existing pool take no lock.
/// </summary>
public sealed class UpstreamPools
{
    private readonly ConditionalWeakTable<RouteSettings, UpstreamPool> _pools = new();

    public UpstreamPool For(RouteSettings route) =>
        _pools.TryGetValue(route, out var pool) ? pool : _pools.GetValue(route, static r => new UpstreamPool(r));
}
