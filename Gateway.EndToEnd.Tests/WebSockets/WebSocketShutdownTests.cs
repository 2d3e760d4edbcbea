using System.Diagnostics;
using System.Net.WebSockets;
using Gateway.EndToEnd.Tests.Infrastructure;
using ServiceB;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>A gateway that stops says so to its WebSocket clients (1001, going away) instead of cutting them off.</summary>
public sealed class WebSocketShutdownTests : IAsyncLifetime
{
    private RunningApp _serviceB = null!;

    public async Task InitializeAsync() =>
        _serviceB = await RunningApp.StartAsync(ServiceBApp.Build(["--urls", RunningApp.LoopbackUrls]));

    public async Task DisposeAsync() => await _serviceB.DisposeAsync();

    [Fact]
    public async Task StoppingTheGateway_ClosesOpenSocketsWith1001_AndFinishesPromptly()
    {
        var gateway = await TestGateway.StartAsync(
            $"gateway.routes.service-b.upstreams = [\"{_serviceB.Address.GetLeftPart(UriPartial.Authority)}\"]");
        await using var _ = gateway;
        using var first = await WsClient.ConnectAsync(WsClient.Ws(gateway, "/service-b/ws"));
        using var second = await WsClient.ConnectAsync(WsClient.Ws(gateway, "/service-b/ws"));
        await first.SendTextAsync("still here");
        Assert.Equal("still here", await first.ReceiveTextAsync());

        var clock = Stopwatch.StartNew();
        var stopping = gateway.App.StopAsync();
        var closes = await Task.WhenAll(first.AwaitCloseAsync(), second.AwaitCloseAsync());
        await stopping.WaitAsync(WsClient.Patience);
        var stopped = clock.Elapsed;

        Assert.All(closes, close => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.Status));
        Assert.All(closes, close => Assert.Equal("gateway shutting down", close.Description));
        // Far below the host's 30 s shutdown timeout: the relays closed, Kestrel did not have to wait them out.
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"the gateway took {stopped} to stop");
    }
}
