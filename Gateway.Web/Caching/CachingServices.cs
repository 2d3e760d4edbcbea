using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Web.Caching;

public static class CachingServices
{
    public static IServiceCollection AddGatewayCaching(this IServiceCollection services) =>
        services.AddSingleton<RouteCaches>().AddSingleton<CacheGate>().AddSingleton(new SilentCacheShards(TimeProvider.System));
}
