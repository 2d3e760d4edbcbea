using System.Net.WebSockets;
using Akka.Event;

namespace Gateway.Actors.WebSockets;

// What the relay's socket calls turn into when they complete. They are piped to the relay itself and
// may arrive after it stopped (an aborted read finishing late), hence no dead-letter logging.

/// <summary>A data frame read from <paramref name="From"/>, copied out of the receive buffer.</summary>
internal sealed record FrameReceived(RelaySide From, WebSocketMessageType Type, byte[] Payload, bool EndOfMessage)
    : IDeadLetterSuppression;

/// <summary><paramref name="From"/> sent its Close frame.</summary>
internal sealed record CloseReceived(RelaySide From, WebSocketCloseStatus Status, string? Description)
    : IDeadLetterSuppression;

/// <summary>A read from <paramref name="From"/> failed: the connection broke without a Close.</summary>
internal sealed record ReceiveFailed(RelaySide From, Exception Error) : IDeadLetterSuppression;

/// <summary>A frame was delivered to <paramref name="To"/>.</summary>
internal sealed record FrameSent(RelaySide To, int Bytes, bool EndOfMessage) : IDeadLetterSuppression;

/// <summary>Our Close frame was sent to <paramref name="To"/>.</summary>
internal sealed record CloseSent(RelaySide To) : IDeadLetterSuppression;

/// <summary>A send (data or Close) to <paramref name="To"/> failed.</summary>
internal sealed record SendFailed(RelaySide To, Exception Error) : IDeadLetterSuppression;

/// <summary>The relay's own timers.</summary>
internal sealed record IdleCheck : IDeadLetterSuppression
{
    public static readonly IdleCheck Instance = new();
}

internal sealed record CloseTimedOut : IDeadLetterSuppression
{
    public static readonly CloseTimedOut Instance = new();
}

internal sealed record ReportProgress : IDeadLetterSuppression
{
    public static readonly ReportProgress Instance = new();
}
