using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace BenchUpstream;

/// <summary>
/// Sends every frame back as it came. The receive buffer is small and per connection, so that the
/// direct path's memory per idle connection (scenario f) is Kestrel's own cost, not a large buffer of ours.
/// </summary>
public static class WebSocketEcho
{
    private const int BufferSize = 4 * 1024;

    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var frame = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
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
            // The load client aborts its idle connections rather than closing them one by one.
        }
    }
}
