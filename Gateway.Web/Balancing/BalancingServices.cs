using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Web.Balancing;

public static class BalancingServices
{
    /// <summary>Upstream pools, the breaker gate, and the start-up step that creates every route's breakers.</summary>
    public static IServiceCollection AddUpstreamBalancing(this IServiceCollection services)
    {
        services.AddSingleton<UpstreamPools>();
        services.AddSingleton<BreakerGate>();
        services.AddHostedService<BreakerStartup>();
        return services;
    }
}
