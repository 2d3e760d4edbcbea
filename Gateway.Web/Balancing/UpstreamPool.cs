using System.Runtime.CompilerServices;
using Gateway.Web.Configuration;

namespace Gateway.Web.Balancing;

/// <summary>
/// One route's upstreams as the balancer sees them: each one's breaker key, its authority (for
/// logs) and how many requests are in flight to it. Built once per <see cref="RouteSettings"/>
/// object, so a reloaded route starts a new pool and nothing here needs a lock.
/// </summary>
public sealed class UpstreamPool
{
    private readonly int[] _inFlight;

    public UpstreamPool(RouteSettings route)
    {
        Route = route;
        var count = route.Upstreams.Count;
        Keys = new string[count];
        Authorities = new string[count];
        _inFlight = new int[count];
        for (var i = 0; i < count; i++)
        {
            Keys[i] = BreakerKey.For(route, i);
            Authorities[i] = route.Upstreams[i].GetLeftPart(UriPartial.Authority);
        }
    }

    public RouteSettings Route { get; }
    public int Count => Keys.Length;

    /// <summary>The breaker key of each upstream, by index into <see cref="RouteSettings.Upstreams"/>.</summary>
    public string[] Keys { get; }

    public string[] Authorities { get; }

    public int InFlight(int index) => Volatile.Read(ref _inFlight[index]);

    /// <summary>Counts a request to the upstream until it finishes (body included); the counter is a plain Interlocked int.</summary>
    public void Enter(int index) => Interlocked.Increment(ref _inFlight[index]);

    public void Leave(int index) => Interlocked.Decrement(ref _inFlight[index]);
}

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
