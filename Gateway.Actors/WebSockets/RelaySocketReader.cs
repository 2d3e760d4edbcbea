using System.Buffers;
using Akka.Actor;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// One side's reader: a loop for the connection's lifetime that takes what has arrived off the stream,
/// each time only once the relay has opened the side's <see cref="RelayReadGate"/>, follows its frames
/// with a <see cref="FrameScanner"/> and tells the relay what it read. Static, so nothing of the actor's
/// state is touched off its thread.
/// </summary>
/// <remarks>
/// One loop instead of a read started by the relay per frame: the loop's state is allocated once, and
/// each read starts on the thread where the last one completed (see <see cref="RelayReadGate"/>).
/// </remarks>
internal static class RelaySocketReader
{
    /// <summary>
    /// Reads until the side's Close, its end or a failure, which is the last thing told. Each read first
    /// waits with a zero-byte read, which holds no buffer, so an idle connection costs no receive buffer
    /// and unread bytes stay in the connection (backpressure); a buffer is rented only once the gate is
    /// passed. It goes back to the pool before the bytes leave: they travel as their own copy.
    /// </summary>
    public static async Task ReadAsync(RelaySide side, Stream stream, FrameScanner scanner, int bufferBytes, RelayReadGate gate, IActorRef relay)
    {
        // One method, so one state machine for the whole connection: a helper awaited per read would
        // allocate its own each time the connection has to be waited for.
        var passed = false;
        while (true)
        {
            Exception? failure = null;
            try
            {
                await stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Whatever arrived (frames, a Close, a failure) is only acted on once the last bytes were delivered.
            if (!passed)
            {
                await gate.PassAsync().ConfigureAwait(false);
                passed = true;
            }
            var (told, tooBig, last) = failure is null
                ? await ReadAndScanAsync(side, stream, scanner, bufferBytes).ConfigureAwait(false)
                : (null, false, new ReceiveFailed(side, failure));

            if (told is not null)
            {
                relay.Tell(told, ActorRefs.NoSender);
                passed = false;
            }
            if (tooBig) relay.Tell(new MessageTooBig(side), ActorRefs.NoSender);
            if (last is not null)
            {
                relay.Tell(last, ActorRefs.NoSender);
                return;
            }
            // Nothing passed on (part of a header, or skipped frames): the gate is still ours; read on.
        }
    }

    /// <summary>
    /// Reads what the zero-byte read announced, which is there already, so the read usually completes
    /// at once and allocates no state of its own. Returns the bytes to pass on, if any, whether a message
    /// broke the size limit, and the side's end, if it came.
    /// </summary>
    private static async ValueTask<(FrameReceived? Bytes, bool TooBig, object? End)> ReadAndScanAsync(RelaySide side, Stream stream, FrameScanner scanner, int bufferBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferBytes + WebSocketFrames.MaxHeaderBytes);
        try
        {
            // The read lands behind room for a header held back from the last read; the scanner copies its
            // output to the buffer's front, never ahead of what it has read.
            var read = await stream.ReadAsync(buffer.AsMemory(WebSocketFrames.MaxHeaderBytes, bufferBytes)).ConfigureAwait(false);
            if (read == 0) return (null, false, new ReceiveFailed(side, new EndOfStreamException("the connection closed without a Close frame")));
            var scan = scanner.Scan(buffer.AsSpan(WebSocketFrames.MaxHeaderBytes, read), buffer);
            var bytes = scan.Length == 0
                ? null
                : new FrameReceived(side, buffer.AsSpan(0, scan.Length).ToArray(), scan.Messages, scan.PayloadBytes, scan.AtFrameBoundary);
            object? end = scan.End switch
            {
                null => null,
                ScanEnd.Closed closed => new CloseReceived(side, closed.Status, closed.Description),
                ScanEnd.ProtocolError broken => new ProtocolViolated(side, broken.Status, broken.Reason),
                _ => throw new InvalidOperationException($"unknown end {scan.End}"),
            };
            return (bytes, scan.TooBig, end);
        }
        catch (Exception e)
        {
            return (null, false, new ReceiveFailed(side, e));
        }
        finally
        {
            // The read has ended (an aborted one too), so nothing writes into the buffer any more.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
