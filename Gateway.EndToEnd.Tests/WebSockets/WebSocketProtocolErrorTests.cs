using System.Net.WebSockets;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// Clients that break RFC 6455 through the gateway to ServiceB's echo, over real sockets: the gateway
/// fails their connection (§7.1.7) with a Close frame, then closes it; what only the upstream checks
/// (UTF-8 in text) is failed by the upstream, whose Close reaches the client.
/// </summary>
public sealed class WebSocketProtocolErrorTests(ServiceBThroughGateway system) : IClassFixture<ServiceBThroughGateway>
{
    public static TheoryData<string, byte[], WebSocketCloseStatus> Violations => new()
    {
        { "§5.2 reserved bit", RawWebSocketClient.Frame(0x1, "x"u8.ToArray(), rsv: 0b100), WebSocketCloseStatus.ProtocolError },
        { "§5.2 reserved opcode", RawWebSocketClient.Frame(0xB, []), WebSocketCloseStatus.ProtocolError },
        { "§5.4 continuation without a start", RawWebSocketClient.Frame(0x0, "x"u8.ToArray()), WebSocketCloseStatus.ProtocolError },
        // Text "x" with its length in a 16-bit field (126, then 0x0001) and an all-zero mask key.
        { "§5.2 length not in its shortest form", [0x81, 0x80 | 126, 0x00, 0x01, 0, 0, 0, 0, (byte)'x'], WebSocketCloseStatus.ProtocolError },
        { "§5.5 fragmented ping", RawWebSocketClient.Frame(0x9, [], fin: false), WebSocketCloseStatus.ProtocolError },
        { "§5.5 ping over 125 bytes", RawWebSocketClient.Frame(0x9, new byte[126]), WebSocketCloseStatus.ProtocolError },
        { "§5.5.1 Close with a 1-byte payload", RawWebSocketClient.Frame(0x8, [0x03]), WebSocketCloseStatus.ProtocolError },
        { "§7.4.1 Close code 1005", RawWebSocketClient.Frame(0x8, RawWebSocketClient.ClosePayload(1005)), WebSocketCloseStatus.ProtocolError },
        { "§7.4.1 Close code 1015", RawWebSocketClient.Frame(0x8, RawWebSocketClient.ClosePayload(1015)), WebSocketCloseStatus.ProtocolError },
        { "§7.4.2 Close code 2999", RawWebSocketClient.Frame(0x8, RawWebSocketClient.ClosePayload(2999)), WebSocketCloseStatus.ProtocolError },
        { "§8.1 Close reason not UTF-8", RawWebSocketClient.Frame(0x8, RawWebSocketClient.ClosePayload(1000, 0xC3, 0x28)), WebSocketCloseStatus.InvalidPayloadData },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task ClientBreakingTheProtocol_GetsACloseFrameWithTheCode_ThenItsConnectionIsClosed(string what, byte[] frame, WebSocketCloseStatus expected)
    {
        using var client = await RawWebSocketClient.ConnectAsync(system.Gateway.Url("/service-b/ws"));

        await client.SendAsync(frame);

        var (_, status, reason) = await client.ReceiveUntilCloseAsync();
        Assert.True(expected == status, $"{what}: got {status} {reason}");
        Assert.StartsWith("client protocol error", reason);
        Assert.True(await client.ServerClosesTheConnectionAsync(), what);
    }

    [Fact]
    public async Task TextThatIsNotUtf8_GetsTheUpstreamsClose1007()
    {
        // §8.1: ServiceB fails the connection with 1007 (§7.1.7); the gateway relays text as it came and
        // passes that Close on, instead of taking the upstream for lost and sending 1011.
        using var socket = await WsClient.ConnectAsync(WsClient.Ws(system.Gateway, "/service-b/ws"));

        await socket.SendAsync(new byte[] { 0xC3, 0x28 }, WebSocketMessageType.Text, true, CancellationToken.None);
        var (status, _) = await socket.AwaitCloseAsync();

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
    }
}
