using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>A <see cref="CacheOrigin"/> behind the real gateway; <see cref="CachedUpRoute"/> is the overlay most of its tests want.</summary>
public class GatewayWithCacheOrigin(Func<string, string>? overlay = null, TimeSpan? clientTimeout = null)
    : GatewayWithUpstream(overlay, clientTimeout)
{
    public CacheOrigin Origin { get; private set; } = null!;

    /// <summary>Starts one inside a test, with the overlay made from the origin's authority; dispose it with <c>await using</c>.</summary>
    public static Task<GatewayWithCacheOrigin> StartAsync(Func<string, string> overlay) => StartAsync(new GatewayWithCacheOrigin(overlay));

    /// <summary>The route <c>/up</c> to the origin with caching on (defaults otherwise), plus extra HOCON.</summary>
    public static string CachedUpRoute(string origin, string extra = "") => UpRoute(origin, CachingFixture.CacheOn + "\n" + extra);

    protected override async Task<RunningApp> StartUpstreamAsync()
    {
        (var app, Origin) = await CacheOrigin.StartAsync();
        return app;
    }
}
