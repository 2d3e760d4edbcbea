namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A <see cref="CacheOrigin"/> behind the real gateway with caching on (route <c>/up</c>, defaults
/// otherwise). Shared by the tests of a class, which keep apart by using their own <c>/r/{name}</c>.
/// </summary>
public sealed class CachingFixture : GatewayWithCacheOrigin
{
    /// <summary>Caching on for the test gateway (<see cref="Infrastructure.TestGateway.QuietPolicies"/> turns it off).</summary>
    public const string CacheOn = "gateway.cache.enabled = on";

    public Uri OriginAddress => UpstreamApp.Address;

    protected override string Overlay(string origin) => CachedUpRoute(origin);
}
