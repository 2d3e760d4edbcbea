using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's view of one of its sockets. Owned and changed by the relay actor only.
/// </summary>
internal sealed class RelayEndpoint(RelaySide side, WebSocket socket)
{
    public RelaySide Side { get; } = side;
    public WebSocket Socket { get; } = socket;

    /// <summary>
    /// Its reader may take its next frame (the gate is open) or has taken it, and the relay has not yet
    /// handled what was read. The reader holds a receive buffer only while a frame is being read.
    /// </summary>
    public bool Receiving { get; set; }

    /// <summary>Opened by the relay for each frame its reader may take.</summary>
    public RelayReadGate ReadGate { get; } = new();

    /// <summary>A data frame or our Close is being sent to it; never more than one.</summary>
    public bool Sending { get; set; }

    /// <summary>Its Close arrived, or it broke: nothing more will be read from it.</summary>
    public bool InputDone { get; set; }

    /// <summary>A Close to it is decided: queued behind a send, in flight, or sent.</summary>
    public bool OutputClosing { get; set; }

    /// <summary>Our Close has been sent to it.</summary>
    public bool OutputClosed { get; set; }

    /// <summary>Its connection broke or was aborted: nothing more is done with it.</summary>
    public bool Lost { get; set; }

    /// <summary>A Close decided while a data frame was being sent to it; sent when that send is done.</summary>
    public (WebSocketCloseStatus Status, string? Description)? QueuedClose { get; set; }

    /// <summary>Bytes of the message being read from it, fragment by fragment, for the size limit.</summary>
    public long MessageBytes { get; set; }

    /// <summary>Whole messages and payload bytes delivered from it to the other side.</summary>
    public long MessagesDelivered { get; set; }
    public long BytesDelivered { get; set; }

    /// <summary>Nothing left to do: the close handshake is complete both ways, or the socket is lost.</summary>
    public bool Done => Lost || (InputDone && OutputClosed && !Sending);

    public string Name => Side == RelaySide.Client ? "client" : "upstream";
}
