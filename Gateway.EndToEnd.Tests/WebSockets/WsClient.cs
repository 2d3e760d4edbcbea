using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>A test's side of a WebSocket: connect, send, and read whole messages or single frames, each bounded in time.</summary>
public static class WsClient
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static Uri Ws(RunningApp app, string pathAndQuery) => app.WsUrl(pathAndQuery);

    public static async Task<ClientWebSocket> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    public static Task SendTextAsync(this WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<(WebSocketMessageType Type, byte[] Data, bool End)> ReceiveFrameAsync(this WebSocket socket, int bufferBytes = 64 * 1024)
    {
        var buffer = new byte[bufferBytes];
        using var timeout = new CancellationTokenSource(Patience);
        var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        return (result.MessageType, buffer[..result.Count], result.EndOfMessage);
    }

    /// <summary>One whole message, its frames put together; a Close comes back as type Close with no data.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(this WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, []);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (result.MessageType, message.ToArray());
        }
    }

    public static async Task<string> ReceiveTextAsync(this WebSocket socket)
    {
        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>Reads (and drops) data until the peer's Close arrives, answers it, and returns the peer's status.</summary>
    public static async Task<(WebSocketCloseStatus? Status, string? Description)> AwaitCloseAsync(this WebSocket socket)
    {
        while ((await socket.ReceiveMessageAsync()).Type != WebSocketMessageType.Close)
        {
        }
        using var timeout = new CancellationTokenSource(Patience);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return (socket.CloseStatus, socket.CloseStatusDescription);
    }

    public static async Task CloseAsync(this WebSocket socket, WebSocketCloseStatus status, string? description)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await socket.CloseAsync(status, description, timeout.Token);
    }

    /// <summary>A bare HTTP/1.1 upgrade request, for reading the gateway's answer to a handshake it refuses.</summary>
    public static HttpRequestMessage UpgradeRequest(Uri httpUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, httpUrl);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        return request;
    }
}
