using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>Why a relay ended: who started the close, or what the gateway decided.</summary>
public enum RelayEndReason
{
    /// <summary>The client sent a Close; it was passed on to the upstream.</summary>
    ClientClosed,
    /// <summary>The upstream sent a Close; it was passed on to the client.</summary>
    UpstreamClosed,
    /// <summary>The client's connection broke without a Close; the upstream got 1011.</summary>
    ClientLost,
    /// <summary>The upstream's connection broke without a Close; the client got 1011.</summary>
    UpstreamLost,
    /// <summary>
    /// The client broke RFC 6455 (a reserved bit or opcode, a broken fragment sequence, an invalid Close,
    /// ...): it was sent a Close with 1002 (1007 for a Close reason that is not UTF-8) and dropped, and
    /// the upstream was closed with the same code (§7.1.7).
    /// </summary>
    ClientProtocolError,
    /// <summary>The upstream broke RFC 6455: the same as <see cref="ClientProtocolError"/>, the other way round.</summary>
    UpstreamProtocolError,
    /// <summary>A message exceeded <c>max-message-bytes</c>; both got 1009.</summary>
    MessageTooBig,
    /// <summary>Nothing moved for <c>idle-timeout</c>; both got 1001.</summary>
    IdleTimeout,
    /// <summary>The gateway shut the relay down (or stopped it); both got 1001.</summary>
    Shutdown,
    /// <summary>The relay actor failed; its open sockets got 1011 or were aborted.</summary>
    Crashed,
}

/// <summary>
/// How one relayed connection ended and what went through it. Counts are of what was delivered:
/// a frame dropped because its destination was already closing is not counted.
/// </summary>
/// <param name="CloseStatus">The status passed on, or the one the gateway sent, when the relay began to close.</param>
/// <param name="CloseDescription">The description that went with <paramref name="CloseStatus"/>.</param>
/// <param name="MessagesFromClient">Whole messages delivered from the client to the upstream.</param>
/// <param name="BytesFromClient">Payload bytes delivered from the client to the upstream.</param>
/// <param name="Duration">From the relay's start to its end, by the actor system's clock.</param>
public sealed record RelayResult(
    string ConnectionId,
    RelayEndReason Reason,
    WebSocketCloseStatus CloseStatus,
    string? CloseDescription,
    long MessagesFromClient,
    long BytesFromClient,
    long MessagesFromUpstream,
    long BytesFromUpstream,
    TimeSpan Duration);
