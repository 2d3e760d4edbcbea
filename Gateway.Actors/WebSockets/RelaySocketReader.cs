using System.Buffers;
using System.Net.WebSockets;
using Akka.Actor;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// One side's reader: a loop for the connection's lifetime that takes one frame at a time off the socket,
/// each only once the relay has opened the side's <see cref="RelayReadGate"/>, and tells the relay what it
/// read. Static, so nothing of the actor's state is touched off its thread.
/// </summary>
/// <remarks>
/// One loop instead of a read started by the relay per frame: the loop's state is allocated once, and
/// each read starts on the thread where the last one completed, where the socket's pooled read state
/// is cached (see <see cref="RelayReadGate"/>).
/// </remarks>
internal static class RelaySocketReader
{
    /// <summary>
    /// Reads until the side's Close or a failure, which is the last thing told. Each frame first waits
    /// with a zero-byte read, which holds no buffer and takes nothing but the frame's header off the
    /// connection, so an idle connection costs no receive buffer and an unread frame stays unread; a
    /// buffer is rented only once the gate is passed. It goes back to the pool before the frame leaves:
    /// the frame travels as its own copy.
    /// </summary>
    public static async Task ReadAsync(RelaySide side, WebSocket socket, int bufferBytes, RelayReadGate gate, IActorRef relay)
    {
        // One method, so one state machine for the whole connection: a helper awaited per frame would
        // allocate its own each time a frame has to be waited for.
        while (true)
        {
            object received;
            ValueWebSocketReceiveResult ready = default;
            Exception? failure = null;
            try
            {
                ready = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Whatever arrived (data, a Close, a failure) is only acted on once the previous frame was delivered.
            await gate.PassAsync().ConfigureAwait(false);
            if (failure is not null)
                received = new ReceiveFailed(side, failure);
            else if (ready.MessageType == WebSocketMessageType.Close)
                received = Closed(side, socket);
            else if (ready.EndOfMessage)
                // An empty frame that ends its message: nothing more to read. (An empty frame that does not end
                // its message goes unseen: the read below moves on to the next fragment, same bytes.)
                received = new FrameReceived(side, ready.MessageType, [], EndOfMessage: true);
            else
                received = await ReadIntoCopyAsync(side, socket, bufferBytes).ConfigureAwait(false);

            relay.Tell(received, ActorRefs.NoSender);
            if (received is not FrameReceived) return;
        }
    }

    /// <summary>
    /// The frame the zero-byte read announced, which is (at least partly) there already, so this read
    /// usually completes at once and allocates no state of its own.
    /// </summary>
    private static async ValueTask<object> ReadIntoCopyAsync(RelaySide side, WebSocket socket, int bufferBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
        try
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(0, bufferBytes), CancellationToken.None).ConfigureAwait(false);
            return result.MessageType == WebSocketMessageType.Close
                ? Closed(side, socket)
                : new FrameReceived(side, result.MessageType, buffer.AsSpan(0, result.Count).ToArray(), result.EndOfMessage);
        }
        catch (Exception e)
        {
            return new ReceiveFailed(side, e);
        }
        finally
        {
            // The read has ended (an aborted one too), so nothing writes into the buffer any more.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CloseReceived Closed(RelaySide side, WebSocket socket) =>
        new(side, socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription);
}
