using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace ServiceB;

/// <summary>
/// Sends every frame back as it came: same type, same fragment boundaries. A close is answered with
/// the same status and description.
/// </summary>
public static class EchoEndpoint
{
    private const int BufferSize = 16 * 1024;

    /// <summary>
    /// How long a connection the framework has failed is kept open for the peer to close its end
    /// (see <see cref="LetThePeerCloseFirstAsync"/>).
    /// </summary>
    public static readonly TimeSpan FailedConnectionLinger = TimeSpan.FromSeconds(5);

    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TypedResults.Problem(detail: "This endpoint speaks WebSocket only.", statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required").ExecuteAsync(context);
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(requested.Count > 0 ? requested[0] : null);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var frame = await socket.ReceiveAsync(buffer.AsMemory(0, BufferSize), context.RequestAborted);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, frame.Count), frame.MessageType, frame.EndOfMessage, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Either the client dropped (then this returns at once) or it broke the protocol and the framework
            // failed the connection: it sent the Close (1002, or 1007 for text that is not UTF-8) and threw.
            await LetThePeerCloseFirstAsync(context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Returning right after the framework failed the connection makes Kestrel reset it, and a reset
    /// throws away the Close frame the peer has not read yet (RFC 6455 §7.1.7 wants the peer to get it).
    /// Once the peer has read it and closed its end (as a client does after the close handshake,
    /// §7.1.1), the connection ends with an orderly TCP close instead. A peer that never closes is let
    /// go after <see cref="FailedConnectionLinger"/>.
    /// </summary>
    private static async Task LetThePeerCloseFirstAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(FailedConnectionLinger, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The peer closed its end (or the server is stopping): nothing left to wait for.
        }
    }
}
