using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's writes and closes as tasks that never fault: each ends in the message the relay handles
/// next (reads are <see cref="RelaySocketReader"/>'s). Static, so nothing of the actor's state is
/// touched off its thread.
/// </summary>
internal static class RelaySocketCalls
{
    /// <summary>
    /// Starts writing bytes to a side: the other side's frames (<paramref name="relayed"/>) or a frame of
    /// the relay's own. A connection usually takes a small write at once: then this returns null and the
    /// relay handles it on the spot, with no message and nothing allocated. Otherwise the returned task
    /// ends in <see cref="FrameSent"/> or <see cref="SendFailed"/>, for the relay's mailbox.
    /// </summary>
    public static Task<object>? Send(RelaySide side, Stream stream, byte[] bytes, FrameReceived? relayed)
    {
        ValueTask writing;
        try
        {
            writing = stream.WriteAsync(bytes);
        }
        catch (Exception e)
        {
            return Task.FromResult<object>(new SendFailed(side, e));
        }
        if (!writing.IsCompletedSuccessfully) return SentAsync(side, writing, relayed);
        // Consumed like an await would, so a pooled source behind the ValueTask goes back to its pool.
        writing.GetAwaiter().GetResult();
        return null;
    }

    private static async Task<object> SentAsync(RelaySide side, ValueTask writing, FrameReceived? relayed)
    {
        try
        {
            await writing.ConfigureAwait(false);
            return new FrameSent(side, relayed);
        }
        catch (Exception e)
        {
            return new SendFailed(side, e);
        }
    }

    public static async Task<object> CloseOutputAsync(RelaySide side, Stream stream, bool masked, WebSocketCloseStatus status, string? description)
    {
        try
        {
            await stream.WriteAsync(WebSocketFrames.EncodeClose(status, description, masked)).ConfigureAwait(false);
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
    public static async Task CloseAndDisposeAsync(Stream stream, bool masked, WebSocketCloseStatus status, string description, TimeSpan timeout)
    {
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await stream.WriteAsync(WebSocketFrames.EncodeClose(status, description, masked), cancel.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The peer is gone or too slow: disposing below drops the connection either way.
        }
        finally
        {
            DisposeQuietly(stream);
        }
    }

    /// <summary>Drops the connection: a pending read or write on it ends in a failure.</summary>
    public static void DisposeQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception)
        {
            // Nothing more can be done for a connection that fails to close.
        }
    }
}
