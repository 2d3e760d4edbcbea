using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Auth;

/// <summary>A WebSocket handshake is authenticated like any request: no key, no upgrade.</summary>
public sealed class WebSocketApiKeyTests : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() => DemoServices.StartServiceBAsync();

    protected override string Overlay(string serviceB) => $$"""
        gateway.auth { enabled = on, api-keys = [{ name = "ws", key = "ws-key" }] }
        {{DemoServices.ShippedRouteTo("service-b", serviceB)}}
        """;

    private Uri EchoUri => WsUrl("/service-b/ws");

    [Fact]
    public async Task HandshakeWithoutKey_Gets401_AndNoSocket()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EchoUri, timeout.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task HandshakeWithKey_IsRelayed()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-API-Key", "ws-key");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(EchoUri, timeout.Token);

        await socket.SendAsync("hi"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[16];
        var frame = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("hi", Encoding.UTF8.GetString(buffer, 0, frame.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }
}
