using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// A WebSocket client over a bare TCP socket, for what <see cref="ClientWebSocket"/> refuses to do:
/// send frames that break RFC 6455 and read exactly which frames come back. Every wait is bounded by
/// <see cref="WsClient.Patience"/>.
/// </summary>
public sealed class RawWebSocketClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and completes the opening handshake (a 101 is required).</summary>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri httpUrl)
    {
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(httpUrl.Host, httpUrl.Port, timeout.Token);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        var client = new RawWebSocketClient(tcp);
        try
        {
            var request = $"GET {httpUrl.PathAndQuery} HTTP/1.1\r\nHost: {httpUrl.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n\r\n";
            await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            var head = await client.ReadHeadAsync(timeout.Token);
            Assert.StartsWith("HTTP/1.1 101", head);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A client frame: masked with a fresh key (§5.3), with the RSV bits given.</summary>
    public static byte[] Frame(byte opcode, byte[] payload, bool fin = true, byte rsv = 0)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | rsv << 4 | opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            header.AddRange([0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        var key = RandomNumberGenerator.GetBytes(4);
        header.AddRange(key);
        var body = payload.Select((b, i) => (byte)(b ^ key[i & 3]));
        return [.. header, .. body];
    }

    /// <summary>A Close payload with a status written as it is, valid or not, and raw reason bytes.</summary>
    public static byte[] ClosePayload(int status, params byte[] reason)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        reason.CopyTo(payload, 2);
        return payload;
    }

    public async Task SendAsync(params byte[][] frames)
    {
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        await _stream.WriteAsync(frames.SelectMany(f => f).ToArray(), timeout.Token);
    }

    /// <summary>The next frame the server sent (server frames are not masked).</summary>
    public async Task<(byte Opcode, byte[] Payload)> ReceiveFrameAsync()
    {
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        var head = await ReadExactlyAsync(2, timeout.Token);
        Assert.True((head[1] & 0x80) == 0, "a server frame must not be masked");
        var length = (long)(head[1] & 0x7F);
        if (length == 126) length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, timeout.Token));
        else if (length == 127) length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8, timeout.Token));
        return ((byte)(head[0] & 0x0F), await ReadExactlyAsync((int)length, timeout.Token));
    }

    /// <summary>Frames up to the server's Close, and its status and reason.</summary>
    public async Task<(List<(byte Opcode, byte[] Payload)> Before, WebSocketCloseStatus? Status, string? Reason)> ReceiveUntilCloseAsync()
    {
        var before = new List<(byte, byte[])>();
        while (true)
        {
            var (opcode, payload) = await ReceiveFrameAsync();
            if (opcode != 0x8)
            {
                before.Add((opcode, payload));
                continue;
            }
            if (payload.Length < 2) return (before, null, null);
            return (before, (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload, 2, payload.Length - 2));
        }
    }

    /// <summary>Whether the server closes the TCP connection (end of stream or a reset) without sending anything more.</summary>
    public async Task<bool> ServerClosesTheConnectionAsync()
    {
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        try
        {
            return await _stream.ReadAsync(new byte[1], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancel)
    {
        var head = new List<byte>();
        var one = new byte[1];
        // Byte by byte, so nothing after the head (a first frame) is taken with it.
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one, cancel) == 0) throw new EndOfStreamException("the server closed during the handshake");
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancel)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, cancel);
        return buffer;
    }

    public void Dispose() => _tcp.Dispose();
}
