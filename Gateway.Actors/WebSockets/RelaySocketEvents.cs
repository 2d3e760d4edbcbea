using System.Net.WebSockets;
using Akka.Event;

namespace Gateway.Actors.WebSockets;

// What the relay's socket calls turn into when they complete. They are piped to the relay itself and
// may arrive after it stopped (an aborted read finishing late), hence no dead-letter logging.

/// <summary>
/// Frames (or pieces of a long frame) read from <paramref name="From"/>, copied out of the receive buffer
/// as they came off the wire, to be written to the other side unchanged.
/// </summary>
/// <param name="Messages">Data messages whose last frame is among the bytes.</param>
/// <param name="PayloadBytes">Payload bytes of data frames among the bytes.</param>
/// <param name="AtFrameBoundary">The bytes end between two frames (not inside a long frame).</param>
internal sealed record FrameReceived(RelaySide From, byte[] Bytes, int Messages, long PayloadBytes, bool AtFrameBoundary)
    : IDeadLetterSuppression;

/// <summary><paramref name="From"/> sent its Close frame.</summary>
internal sealed record CloseReceived(RelaySide From, WebSocketCloseStatus Status, string? Description)
    : IDeadLetterSuppression;

/// <summary><paramref name="From"/> began a message longer than <c>max-message-bytes</c>; none of it was passed on.</summary>
internal sealed record MessageTooBig(RelaySide From) : IDeadLetterSuppression;

/// <summary>
/// A frame from <paramref name="From"/> broke RFC 6455 (none of it was passed on): its connection is to be
/// failed with <paramref name="Status"/> (§7.1.7), and nothing more is read from it.
/// </summary>
/// <param name="Reason">What was wrong, for the Close description and the log.</param>
internal sealed record ProtocolViolated(RelaySide From, WebSocketCloseStatus Status, string Reason) : IDeadLetterSuppression;

/// <summary>A read from <paramref name="From"/> failed: the connection is unusable.</summary>
internal sealed record ReceiveFailed(RelaySide From, Exception Error) : IDeadLetterSuppression;

/// <summary>What was being written to <paramref name="To"/> (the other side's frames, or the relay's keep-alive) is written.</summary>
internal sealed record FrameSent(RelaySide To, FrameReceived? Relayed) : IDeadLetterSuppression;

/// <summary>Our Close frame was sent to <paramref name="To"/>.</summary>
internal sealed record CloseSent(RelaySide To) : IDeadLetterSuppression;

/// <summary>A send (data or Close) to <paramref name="To"/> failed.</summary>
internal sealed record SendFailed(RelaySide To, Exception Error) : IDeadLetterSuppression;

/// <summary>The relay's own timers.</summary>
internal sealed record IdleCheck : IDeadLetterSuppression
{
    public static readonly IdleCheck Instance = new();
}

internal sealed record KeepAliveTick : IDeadLetterSuppression
{
    public static readonly KeepAliveTick Instance = new();
}

internal sealed record CloseTimedOut : IDeadLetterSuppression
{
    public static readonly CloseTimedOut Instance = new();
}

internal sealed record ReportProgress : IDeadLetterSuppression
{
    public static readonly ReportProgress Instance = new();
}
