using System.Buffers;
using System.Net.WebSockets;
using Akka.Actor;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's socket operations as tasks that never fault: each ends in the message the relay
/// handles next. Static, so nothing of the actor's state is touched off its thread.
/// </summary>
internal static class RelaySocketCalls
{
    /// <summary>
    /// Reads the next frame (or as much of it as <paramref name="bufferBytes"/> holds) and tells it to
    /// <paramref name="relay"/>. This is <c>PipeTo(Self)</c> written out: telling at the end of the read
    /// spares the second task and continuation that piping a task costs on every frame.
    /// </summary>
    /// <remarks>
    /// It first waits with a zero-byte read, which holds no buffer, and rents one only once a frame has
    /// arrived, so an idle connection costs no receive buffer. The rented buffer goes back to the pool
    /// before the frame leaves: the frame travels as its own copy.
    /// </remarks>
    public static async Task ReceiveAsync(RelaySide side, WebSocket socket, int bufferBytes, IActorRef relay)
    {
        object received;
        byte[]? buffer = null;
        try
        {
            var ready = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
            if (ready.MessageType == WebSocketMessageType.Close)
            {
                received = Closed(side, socket);
            }
            else if (ready.EndOfMessage)
            {
                // An empty frame that ends its message: nothing more to read. (An empty frame that does not
                // end its message goes unseen: the read below moves on to the next fragment, same bytes.)
                received = new FrameReceived(side, ready.MessageType, [], EndOfMessage: true);
            }
            else
            {
                buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, bufferBytes), CancellationToken.None).ConfigureAwait(false);
                received = result.MessageType == WebSocketMessageType.Close
                    ? Closed(side, socket)
                    : new FrameReceived(side, result.MessageType, buffer.AsSpan(0, result.Count).ToArray(), result.EndOfMessage);
            }
        }
        catch (Exception e)
        {
            received = new ReceiveFailed(side, e);
        }
        finally
        {
            // The read has ended (an aborted one too), so nothing writes into the buffer any more.
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
        relay.Tell(received, ActorRefs.NoSender);
    }

    private static CloseReceived Closed(RelaySide side, WebSocket socket) =>
        new(side, socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription);

    /// <summary>
    /// Sends one frame. A socket usually takes a small frame at once; then the result is there without
    /// a task, and the relay handles it on the spot instead of through its mailbox.
    /// </summary>
    public static async ValueTask<object> SendAsync(RelaySide side, WebSocket socket, FrameReceived frame)
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
