using System.Net.WebSockets;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Services;

public sealed class ServiceBTests : IAsyncLifetime
{
    private RunningApp _service = null!;

    public async Task InitializeAsync() => _service = await DemoServices.StartServiceBAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        var ws = _service.WsUrl("/ws");
        await socket.ConnectAsync(ws, CancellationToken.None);
        return socket;
    }

    private static async Task<(byte[] Data, WebSocketMessageType Type, bool End)> ReceiveFrameAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return (buffer[..result.Count], result.MessageType, result.EndOfMessage);
    }

    [Fact]
    public async Task TextAndBinary_AreEchoedAsTheyCame()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var text = await ReceiveFrameAsync(socket);
        await socket.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var binary = await ReceiveFrameAsync(socket);

        Assert.Equal("hello", Encoding.UTF8.GetString(text.Data));
        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, binary.Data);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
    }

    [Fact]
    public async Task Fragments_AreEchoedAsFragments()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync("ab"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        var first = await ReceiveFrameAsync(socket);
        await socket.SendAsync("cd"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var second = await ReceiveFrameAsync(socket);

        Assert.Equal(("ab", false), (Encoding.UTF8.GetString(first.Data), first.End));
        Assert.Equal(("cd", true), (Encoding.UTF8.GetString(second.Data), second.End));
    }

    [Fact]
    public async Task Close_IsAnsweredWithTheSameStatus()
    {
        using var socket = await ConnectAsync();

        await socket.CloseAsync((WebSocketCloseStatus)4001, "bye now", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("bye now", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task TextThatIsNotUtf8_GetsClose1007_ThatReachesTheClient()
    {
        // RFC 6455 §8.1: text that is not UTF-8 fails the connection with 1007 (§7.1.7, §7.4.1): a Close
        // frame the client can read and answer, not a reset connection.
        using var socket = await ConnectAsync();

        await socket.SendAsync(new byte[] { 0xC3, 0x28 }, WebSocketMessageType.Text, true, CancellationToken.None);
        var (_, type, _) = await ReceiveFrameAsync(socket);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task PlainHttp_OnWs_Gets400ProblemJson()
    {
        using var client = TestClients.Http();
        using var response = await client.GetAsync(_service.Url("/ws"));
        await ProblemJson.AssertAsync(response, 400);
    }
}
