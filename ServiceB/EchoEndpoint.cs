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
            // The client dropped without a close handshake; there is nobody left to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
