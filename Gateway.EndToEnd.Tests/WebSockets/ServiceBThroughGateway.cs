using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// ServiceB (the WebSocket echo) behind a real gateway on the shipped route <c>/service-b</c>, plus
/// two routes to the same service with their own <c>websocket</c> limits: <c>/small</c> (64 KiB
/// messages) and <c>/idle</c> (closes after 300 ms without traffic).
/// </summary>
public sealed class ServiceBThroughGateway : GatewayWithUpstream
{
    public RunningApp ServiceB => UpstreamApp;

    protected override Task<RunningApp> StartUpstreamAsync() => DemoServices.StartServiceBAsync();

    protected override string Overlay(string upstream) => $$"""
        {{DemoServices.ShippedRouteTo("service-b", upstream)}}
        gateway.routes.small { prefix = "/small", upstreams = ["{{upstream}}"], websocket { max-message-bytes = 64k } }
        gateway.routes.idle { prefix = "/idle", upstreams = ["{{upstream}}"], websocket { idle-timeout = 300ms } }
        gateway.websocket.max-message-bytes = 4m
        """;
}
