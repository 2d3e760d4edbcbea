using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's socket operations as tasks that never fault: each ends in the message the relay
/// pipes to itself. Static, so nothing of the actor's state is touched off its thread.
/// </summary>
internal static class RelaySocketCalls
{
    public static async Task<object> ReceiveAsync(RelaySide side, WebSocket socket, Memory<byte> buffer)
    {
        try
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                return new CloseReceived(side, socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription);
            // The buffer is reused by the next read, so the frame leaves it as its own copy.
            return new FrameReceived(side, result.MessageType, buffer.Span[..result.Count].ToArray(), result.EndOfMessage);
        }
        catch (Exception e)
        {
            return new ReceiveFailed(side, e);
        }
    }

    public static async Task<object> SendAsync(RelaySide side, WebSocket socket, FrameReceived frame)
    {
        try
        {
            await socket.SendAsync(frame.Payload.AsMemory(), frame.Type, frame.EndOfMessage, CancellationToken.None).ConfigureAwait(false);
            return new FrameSent(side, frame.Payload.Length, frame.EndOfMessage);
        }
        catch (Exception e)
        {
            return new SendFailed(side, e);
        }
    }

    public static async Task<object> CloseOutputAsync(RelaySide side, WebSocket socket, WebSocketCloseStatus status, string? description)
    {
        try
        {
            // 1005 (Empty) means "no status" and may carry no description.
            var text = status == WebSocketCloseStatus.Empty ? null : description;
            await socket.CloseOutputAsync(status, text, CancellationToken.None).ConfigureAwait(false);
            return new CloseSent(side);
        }
        catch (Exception e)
        {
            return new SendFailed(side, e);
        }
    }

    /// <summary>
    /// The last word of a relay that stops before finishing (a crash or a stop from outside): it can no
    /// longer wait for answers, so it sends its Close, bounded by <paramref name="timeout"/>, and lets go.
    /// </summary>
    public static async Task CloseAndDisposeAsync(WebSocket socket, WebSocketCloseStatus status, string description, TimeSpan timeout)
    {
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await socket.CloseOutputAsync(status, description, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The peer is gone or too slow: disposing below aborts the connection either way.
        }
        finally
        {
            DisposeQuietly(socket);
        }
    }

    public static void AbortQuietly(WebSocket socket)
    {
        try
        {
            socket.Abort();
        }
        catch (Exception)
        {
            // Used where the relay is already ending; a socket that fails to abort is disposed next.
        }
    }

    public static void DisposeQuietly(WebSocket socket)
    {
        try
        {
            socket.Dispose();
        }
        catch (Exception)
        {
            // Nothing more can be done for a socket that fails to dispose.
        }
    }
}
