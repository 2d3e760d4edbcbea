using System.Security.Cryptography;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.WebSockets;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// RFC 9110 §7.6.1 on the WebSocket handshakes: a field the client's or the upstream's Connection
/// names, beside Upgrade, stays on its own hop. Raw sockets, because ClientWebSocket and Kestrel
/// write Connection themselves.
/// </summary>
public sealed class WebSocketConnectionHeaderTests : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() => WebSocketTestUpstream.StartAsync();

    [Theory]
    [InlineData("Connection: Upgrade, X-Drop-Me")]
    [InlineData("Connection: X-Drop-Me, Upgrade")]
    [InlineData("Connection: Upgrade\nConnection: X-Drop-Me")]
    public async Task Rfc9110_7_6_1_FieldsNamedByTheClientsConnection_DoNotReachTheUpstreamHandshake(string connection)
    {
        await using var client = await RawHttpClient.ConnectAsync(Gateway.Address);
        await client.SendAsync($"""
            GET /up/handshake HTTP/1.1
            Host: {Gateway.Address.Authority}
            {connection}
            Upgrade: websocket
            Sec-WebSocket-Version: 13
            Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}
            X-Drop-Me: 1
            X-Kept: 2


            """);

        Assert.Equal(101, (await client.ReadResponseAsync()).Status);
        var seen = SeenHandshake.Parse(await ReadTextFrameAsync(client));

        Assert.Null(seen.Header("X-Drop-Me"));
        Assert.Equal("2", seen.Header("X-Kept"));
    }

    [Fact]
    public async Task Rfc9110_7_6_1_FieldsNamedByTheUpstreamsConnection_DoNotReachTheClientsHandshake()
    {
        await using var upstream = new RawHttpUpstream(c => c.SendAsync($"""
            HTTP/1.1 101 Switching Protocols
            Connection: Upgrade, X-Hop
            Upgrade: websocket
            Sec-WebSocket-Accept: {WebSocketAcceptKey.For(c.Header("Sec-WebSocket-Key")!)}
            X-Hop: secret
            X-Kept: yes


            """));
        await using var gateway = await TestGateway.StartForAsync(upstream.Address);
        await using var client = await RawHttpClient.ConnectAsync(gateway.Address);
        await client.SendAsync($"""
            GET /up/ws HTTP/1.1
            Host: {gateway.Address.Authority}
            Connection: Upgrade
            Upgrade: websocket
            Sec-WebSocket-Version: 13
            Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}


            """);

        var response = await client.ReadResponseAsync();

        Assert.Equal(101, response.Status);
        Assert.Equal("yes", response.Header("X-Kept"));
        Assert.Null(response.Header("X-Hop"));
    }

    /// <summary>One unmasked, unfragmented text frame from the server (RFC 6455 §5.2), as text.</summary>
    private static async Task<string> ReadTextFrameAsync(RawHttpClient client)
    {
        var start = await client.ReadExactlyAsync(2);
        Assert.Equal(0x81, start[0]);
        long length = start[1] & 0x7F;
        if (length == 126) length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(await client.ReadExactlyAsync(2));
        else if (length == 127) length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(await client.ReadExactlyAsync(8));
        return Encoding.UTF8.GetString(await client.ReadExactlyAsync((int)length));
    }
}
