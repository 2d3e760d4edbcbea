using System.Diagnostics;
using System.Net.WebSockets;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>A gateway that stops says so to its WebSocket clients (1001, going away) instead of cutting them off.</summary>
public sealed class WebSocketShutdownTests : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() => DemoServices.StartServiceBAsync();

    protected override string Overlay(string serviceB) => DemoServices.ShippedRouteTo("service-b", serviceB);

    [Fact]
    public async Task StoppingTheGateway_ClosesOpenSocketsWith1001_AndFinishesPromptly()
    {
        using var first = await WsClient.ConnectAsync(WsUrl("/service-b/ws"));
        using var second = await WsClient.ConnectAsync(WsUrl("/service-b/ws"));
        await first.SendTextAsync("still here");
        Assert.Equal("still here", await first.ReceiveTextAsync());

        var clock = Stopwatch.StartNew();
        var stopping = Gateway.App.StopAsync();
        var closes = await Task.WhenAll(first.AwaitCloseAsync(), second.AwaitCloseAsync());
        await stopping.WaitAsync(WsClient.Patience);
        var stopped = clock.Elapsed;

        Assert.All(closes, close => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.Status));
        Assert.All(closes, close => Assert.Equal("gateway shutting down", close.Description));
        // Far below the host's 30 s shutdown timeout: the relays closed, Kestrel did not have to wait them out.
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"the gateway took {stopped} to stop");
    }
}
