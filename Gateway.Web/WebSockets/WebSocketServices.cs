using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Web.WebSockets;

public static class WebSocketServices
{
    /// <summary>The WebSocket proxy, its upstream dialer, and the 1001 close of every relay on shutdown.</summary>
    public static IServiceCollection AddGatewayWebSockets(this IServiceCollection services) => services
        .AddSingleton<UpstreamWebSocketDialer>()
        .AddSingleton<WebSocketProxy>()
        .AddHostedService<WebSocketShutdown>();
}
