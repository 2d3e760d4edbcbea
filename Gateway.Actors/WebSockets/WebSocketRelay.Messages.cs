namespace Gateway.Actors.WebSockets;

public static partial class WebSocketRelay
{
    /// <summary>
    /// Close both sockets with 1001 (EndpointUnavailable) because the gateway is going away.
    /// Ignored once the relay is already closing for another reason.
    /// </summary>
    public sealed record Shutdown(string ConnectionId);

    /// <summary>
    /// Messages delivered by a relay since its last report, told to its parent so the supervisor
    /// can count traffic without sharing a counter.
    /// </summary>
    internal sealed record Progress(string ConnectionId, long Messages);
}
