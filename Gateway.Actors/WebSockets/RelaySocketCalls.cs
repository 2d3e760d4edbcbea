using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's socket sends and closes as tasks that never fault: each ends in the message the relay
/// handles next (reads are <see cref="RelaySocketReader"/>'s). Static, so nothing of the actor's state
/// is touched off its thread.
/// </summary>
internal static class RelaySocketCalls
{
    /// <summary>
    /// Starts sending one frame. A socket usually takes a small frame at once: then this returns null
    /// and the relay handles the delivery on the spot, with no message and nothing allocated. Otherwise
    /// the returned task ends in <see cref="FrameSent"/> or <see cref="SendFailed"/>, for the relay's mailbox.
    /// </summary>
    public static Task<object>? Send(RelaySide side, WebSocket socket, FrameReceived frame)
    {
        ValueTask sending;
        try
        {
            sending = socket.SendAsync(frame.Payload.AsMemory(), frame.Type, frame.EndOfMessage, CancellationToken.None);
        }
        catch (Exception e)
        {
            return Task.FromResult<object>(new SendFailed(side, e));
        }
        if (!sending.IsCompletedSuccessfully) return SentAsync(side, sending, frame);
        // Consumed like an await would, so a pooled source behind the ValueTask goes back to its pool.
        sending.GetAwaiter().GetResult();
        return null;
    }

    private static async Task<object> SentAsync(RelaySide side, ValueTask sending, FrameReceived frame)
    {
        try
        {
            await sending.ConfigureAwait(false);
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
