using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's view of one of its connections: the stream of an upgraded connection, which carries
/// WebSocket frames. Owned and changed by the relay actor only.
/// </summary>
internal sealed class RelayEndpoint(RelaySide side, Stream stream)
{
    public RelaySide Side { get; } = side;
    public Stream Stream { get; } = stream;

    /// <summary>
    /// The gateway is the client of the upstream (its frames to it are masked, the upstream's are not)
    /// and the server of the client (the other way round).
    /// </summary>
    public bool MasksOutput => Side == RelaySide.Upstream;

    /// <summary>Its frames must come masked: the opposite of <see cref="MasksOutput"/>, by the same roles.</summary>
    public bool ExpectsMaskedInput => !MasksOutput;

    /// <summary>
    /// Its reader may take its next frame (the gate is open) or has taken it, and the relay has not yet
    /// handled what was read. The reader holds a receive buffer only while a frame is being read.
    /// </summary>
    public bool Receiving { get; set; }

    /// <summary>Opened by the relay for each frame its reader may take.</summary>
    public RelayReadGate ReadGate { get; } = new();

    /// <summary>The other side's frames, our keep-alive or our Close are being sent to it; never more than one.</summary>
    public bool Sending { get; set; }

    /// <summary>Its Close arrived, or it broke: nothing more will be read from it.</summary>
    public bool InputDone { get; set; }

    /// <summary>A Close to it is decided: queued behind a send, in flight, or sent.</summary>
    public bool OutputClosing { get; set; }

    /// <summary>Our Close has been sent to it.</summary>
    public bool OutputClosed { get; set; }

    /// <summary>
    /// It broke the protocol: once our Close has gone to it, its connection is closed without waiting
    /// for its answer (§7.1.7: nothing more is read from an endpoint whose connection is failed).
    /// </summary>
    public bool Failed { get; set; }

    /// <summary>
    /// A write to it failed while it was still being read: nothing more is written to it, but it is read
    /// on until its Close, its read failing, or the close timeout.
    /// </summary>
    public bool WriteFailed { get; set; }

    /// <summary>Its connection broke or was aborted: nothing more is done with it.</summary>
    public bool Lost { get; set; }

    /// <summary>A Close decided while a data frame was being sent to it; sent when that send is done.</summary>
    public (WebSocketCloseStatus Status, string? Description)? QueuedClose { get; set; }

    /// <summary>
    /// What was last written to it ended inside a long frame, whose rest only the other side can send:
    /// no frame of the relay's own (a Close, a keep-alive) may go to it until that frame is complete.
    /// </summary>
    public bool MidFrame { get; set; }

    /// <summary>Something was written to it since the last keep-alive tick.</summary>
    public bool SentSinceKeepAlive { get; set; }

    /// <summary>Whole messages and payload bytes delivered from it to the other side.</summary>
    public long MessagesDelivered { get; set; }
    public long BytesDelivered { get; set; }

    /// <summary>Nothing left to do: the close handshake is complete both ways, or the socket is lost.</summary>
    public bool Done => Lost || (InputDone && OutputClosed && !Sending);

    public string Name => Side == RelaySide.Client ? "client" : "upstream";
}
