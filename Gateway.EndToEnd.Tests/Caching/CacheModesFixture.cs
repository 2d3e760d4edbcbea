namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A <see cref="CacheOrigin"/> behind one gateway with a route per freshness setting, so the tests of
/// each mode share one start-up: <c>/up</c> the defaults, <c>/long</c> with
/// <c>respect-origin-max-age = on</c>, <c>/exact</c> with <c>freshness = origin-exact</c>, <c>/no-cdn</c> with
/// <c>cdn-cache-control = off</c>. The origin counts calls by name, so names stay unique across routes.
/// </summary>
public sealed class CacheModesFixture : GatewayWithCacheOrigin
{
    protected override string Overlay(string origin) => $$"""
        {{CachingFixture.CacheOn}}
        gateway.routes {
          up     { prefix = "/up",     upstreams = ["{{origin}}"] }
          long   { prefix = "/long",   upstreams = ["{{origin}}"], cache { respect-origin-max-age = on } }
          exact  { prefix = "/exact",  upstreams = ["{{origin}}"], cache { freshness = origin-exact } }
          no-cdn { prefix = "/no-cdn", upstreams = ["{{origin}}"], cache { cdn-cache-control = off } }
        }
        """;
}
