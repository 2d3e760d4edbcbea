using Gateway.EndToEnd.Tests.Infrastructure;
using ServiceB;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// ServiceB (the WebSocket echo) behind a real gateway on the shipped route <c>/service-b</c>, plus
/// two routes to the same service with their own <c>websocket</c> limits: <c>/small</c> (64 KiB
/// messages) and <c>/idle</c> (closes after 300 ms without traffic).
/// </summary>
public sealed class ServiceBThroughGateway : GatewayWithUpstream
{
    public RunningApp ServiceB => UpstreamApp;

    protected override Task<RunningApp> StartUpstreamAsync() => RunningApp.StartAsync(ServiceBApp.Build(["--urls", RunningApp.LoopbackUrls]));

    protected override string Overlay(string upstream) => $$"""
        gateway.routes.service-b.upstreams = ["{{upstream}}"]
        gateway.routes.small { prefix = "/small", upstreams = ["{{upstream}}"], websocket { max-message-bytes = 64k } }
        gateway.routes.idle { prefix = "/idle", upstreams = ["{{upstream}}"], websocket { idle-timeout = 300ms } }
        gateway.websocket.max-message-bytes = 4m
        """;
}
