using System.Net.WebSockets;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>Messages through the gateway to ServiceB's echo and back: whole, large, fragmented, closed, limited.</summary>
public sealed class WebSocketEchoTests(ServiceBThroughGateway system) : IClassFixture<ServiceBThroughGateway>
{
    private Task<ClientWebSocket> ConnectAsync(string path = "/service-b/ws") => WsClient.ConnectAsync(WsClient.Ws(system.Gateway, path));

    [Fact]
    public async Task Text_IsEchoedThroughTheGateway()
    {
        using var socket = await ConnectAsync();

        await socket.SendTextAsync("hello through the gateway");

        Assert.Equal("hello through the gateway", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Binary_IsEchoedByteForByte()
    {
        using var socket = await ConnectAsync();
        var payload = new byte[] { 0, 1, 2, 127, 128, 254, 255 };

        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (type, data) = await socket.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload, data);
    }

    [Fact]
    public async Task ThreeMiBMessage_IsEchoedWhole()
    {
        using var socket = await ConnectAsync();
        var payload = new byte[3 << 20];
        Random.Shared.NextBytes(payload);

        // Read while sending: the echo comes back while the message is still going out, and nobody buffers it whole.
        var echo = socket.ReceiveMessageAsync();
        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (type, data) = await echo;

        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload.Length, data.Length);
        Assert.True(payload.AsSpan().SequenceEqual(data), "the echoed 3 MiB differ from what was sent");
    }

    [Fact]
    public async Task FragmentedMessage_KeepsItsFragments()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync("frag-"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        var first = await socket.ReceiveFrameAsync();
        await socket.SendAsync("ment"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var second = await socket.ReceiveFrameAsync();

        Assert.Equal((WebSocketMessageType.Text, "frag-", false), (first.Type, Encoding.UTF8.GetString(first.Data), first.End));
        Assert.Equal((WebSocketMessageType.Text, "ment", true), (second.Type, Encoding.UTF8.GetString(second.Data), second.End));
    }

    [Fact]
    public async Task EmptyMessage_AndAnEmptyLastFragment_ComeBackAsSent()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var empty = await socket.ReceiveFrameAsync();
        await socket.SendAsync("abc"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        var first = await socket.ReceiveFrameAsync();
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, CancellationToken.None);
        var last = await socket.ReceiveFrameAsync();

        Assert.Equal((WebSocketMessageType.Binary, 0, true), (empty.Type, empty.Data.Length, empty.End));
        Assert.Equal((WebSocketMessageType.Text, "abc", false), (first.Type, Encoding.UTF8.GetString(first.Data), first.End));
        Assert.Equal((WebSocketMessageType.Text, 0, true), (last.Type, last.Data.Length, last.End));
    }

    [Fact]
    public async Task ClientClose4001_ComesBackFromServiceBWithItsReason()
    {
        using var socket = await ConnectAsync();
        await socket.SendTextAsync("before closing");
        Assert.Equal("before closing", await socket.ReceiveTextAsync());

        await socket.CloseAsync((WebSocketCloseStatus)4001, "bye");

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task MessageOverTheRoutesLimit_ClosesWith1009()
    {
        using var socket = await ConnectAsync("/small/ws");
        var payload = new byte[100 * 1024];

        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (status, _) = await socket.AwaitCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task MessageUnderTheRoutesLimit_PassesOnThatRoute()
    {
        using var socket = await ConnectAsync("/small/ws");
        var payload = new byte[60 * 1024];
        Random.Shared.NextBytes(payload);

        var echo = socket.ReceiveMessageAsync();
        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal(payload, (await echo).Data);
    }

    [Fact]
    public async Task QuietConnection_OnARouteWithIdleTimeout_IsClosedWith1001()
    {
        using var socket = await ConnectAsync("/idle/ws");

        var (status, description) = await socket.AwaitCloseAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("idle timeout", description);
    }

    [Fact]
    public async Task PlainHttp_ToTheWebSocketRoute_IsForwardedAsHttp()
    {
        using var client = TestClients.Http();

        using var response = await client.GetAsync(system.Gateway.Url("/service-b/ws"));

        // ServiceB's own answer to a request that is not a handshake, passed through.
        var problem = await ProblemJson.AssertAsync(response, 400);
        Assert.Equal("WebSocket required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TwoHundredConnections_TwentyMessagesEach_AllArriveInOrder()
    {
        const int connections = 200;
        const int messages = 20;

        var received = await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            using var socket = await ConnectAsync();
            // Sent back to back, read afterwards: the order is the relay's to keep, not the test's.
            for (var m = 0; m < messages; m++) await socket.SendTextAsync($"{c}:{m}");
            var echoes = new List<string>(messages);
            for (var m = 0; m < messages; m++) echoes.Add(await socket.ReceiveTextAsync());
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
            return (Connection: c, Echoes: echoes);
        }));

        foreach (var (c, echoes) in received)
            Assert.Equal(Enumerable.Range(0, messages).Select(m => $"{c}:{m}"), echoes);
    }
}
