using Gateway.Web.Forwarding;

namespace Gateway.Web.WebSockets;

/// <summary>
/// How dialling a route's upstream for a WebSocket ended: an upgraded connection, an HTTP refusal
/// (the upstream answered, but not with 101), or no answer at all.
/// </summary>
public sealed record UpstreamWebSocketDial
{
    /// <summary>The upgraded connection, carrying WebSocket frames, when the upstream accepted; the caller owns it.</summary>
    public Stream? Stream { get; private init; }

    /// <summary>The subprotocol the upstream chose, if any (always one the client asked for).</summary>
    public string? SubProtocol { get; private init; }

    /// <summary>The upstream's status when it answered the handshake without switching protocols.</summary>
    public int RefusalStatus { get; private init; }

    /// <summary>Why no answer came: ConnectFailed, TimedOut, UpstreamFailed or ClientAborted.</summary>
    public ForwardOutcome? Failure { get; private init; }

    /// <summary>The upstream's response header fields (of its 101, or of its refusal).</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>>? ResponseHeaders { get; private init; }

    public string? Error { get; private init; }

    public static UpstreamWebSocketDial Connected(Stream stream, string? subProtocol, IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        new() { Stream = stream, SubProtocol = subProtocol, ResponseHeaders = headers };

    public static UpstreamWebSocketDial Refused(int status, IReadOnlyDictionary<string, IEnumerable<string>>? headers, string error) =>
        new() { RefusalStatus = status, ResponseHeaders = headers, Error = error };

    public static UpstreamWebSocketDial Failed(ForwardOutcome outcome, string error) =>
        new() { Failure = outcome, Error = error };
}
