namespace Gateway.Actors.WebSockets;

/// <summary>The two sockets a relay owns.</summary>
internal enum RelaySide
{
    Client,
    Upstream,
}
