using System.Net.WebSockets;
using Akka.Actor;
using Akka.Event;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// Pumps frames between a client connection and an upstream connection, one read at a time per
/// direction: a side is read again only after what was last read from it was delivered to the other
/// side, so a slow reader slows its writer and the mailbox holds at most a handful of messages. Each
/// direction has at most one read and the other connection at most one send in flight.
/// </summary>
/// <remarks>
/// Two behaviours: <see cref="Relaying"/> until anything starts a close, then <see cref="Closing"/>,
/// where frames still flow toward a side that has not been sent a Close (half-close), the close
/// handshakes are completed both ways and a timer bounds how long that may take.
/// Frames pass as they came off the wire (a client's still masked, as the upstream expects them);
/// only Closes are taken out and passed on by the relay, which also writes its own Closes and
/// keep-alives, always between two frames.
/// </remarks>
internal sealed class WebSocketRelayActor : ReceiveActor, IWithTimers
{
    private const string IdleTimerKey = "idle";
    private const string CloseTimerKey = "close-timeout";
    private const string KeepAliveTimerKey = "keep-alive";
    private const string ProgressTimerKey = "progress";

    // Stats are reported in batches so a busy relay does not double its parent's traffic.
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionId;
    private readonly WebSocketRelay.Settings _settings;
    private readonly TaskCompletionSource<RelayResult> _completion;
    private readonly RelayEndpoint _client;
    private readonly RelayEndpoint _upstream;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Held once: every relayed frame reads the clock, and Context is a thread-local lookup each time.
    private readonly IScheduler _scheduler = Context.System.Scheduler;

    private DateTimeOffset _startedAt;
    private DateTimeOffset _lastActivityAt;
    private (RelayEndReason Reason, WebSocketCloseStatus Status, string? Description)? _ending;
    private long _unreportedMessages;
    private bool _finished;
    private bool _crashed;

    public WebSocketRelayActor(
        string connectionId,
        Stream client,
        Stream upstream,
        WebSocketRelay.Settings settings,
        TaskCompletionSource<RelayResult> completion)
    {
        _connectionId = connectionId;
        _settings = settings;
        _completion = completion;
        _client = new RelayEndpoint(RelaySide.Client, client);
        _upstream = new RelayEndpoint(RelaySide.Upstream, upstream);
        Relaying();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _scheduler.Now;

    protected override void PreStart()
    {
        _startedAt = _lastActivityAt = Now;
        if (_settings.IdleTimeout > TimeSpan.Zero)
            Timers.StartSingleTimer(IdleTimerKey, IdleCheck.Instance, _settings.IdleTimeout);
        if (_settings.KeepAlive > TimeSpan.Zero)
            Timers.StartPeriodicTimer(KeepAliveTimerKey, KeepAliveTick.Instance, _settings.KeepAlive);
        StartReader(_client);
        StartReader(_upstream);
        ReceiveNext(_client);
        ReceiveNext(_upstream);
    }

    private void StartReader(RelayEndpoint side)
    {
        var scanner = new FrameScanner(side.ExpectsMaskedInput, _settings.MaxMessageBytes);
        _ = RelaySocketReader.ReadAsync(side.Side, side.Stream, scanner, _settings.ReceiveBufferBytes, side.ReadGate, Self);
    }

    private void Relaying()
    {
        SocketEvents();
        // Started before closing begins only to bound the wait after a failed write.
        Receive<CloseTimedOut>(_ => OnCloseTimedOut());
        Receive<WebSocketRelay.Shutdown>(_ => CloseBoth(RelayEndReason.Shutdown, WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down"));
        Receive<IdleCheck>(_ => OnIdleCheck());
        Receive<KeepAliveTick>(_ => OnKeepAliveTick());
    }

    private void Closing()
    {
        SocketEvents();
        Receive<CloseTimedOut>(_ => OnCloseTimedOut());
        // Already closing for a reason of its own; the close timeout bounds a shutdown just the same.
        Receive<WebSocketRelay.Shutdown>(_ => { });
        Receive<IdleCheck>(_ => { });
        Receive<KeepAliveTick>(_ => { });
    }

    private void SocketEvents()
    {
        Receive<FrameReceived>(OnFrameReceived);
        Receive<FrameSent>(OnFrameSent);
        Receive<CloseReceived>(OnCloseReceived);
        Receive<MessageTooBig>(OnMessageTooBig);
        Receive<ProtocolViolated>(OnProtocolViolated);
        Receive<CloseSent>(OnCloseSent);
        Receive<ReceiveFailed>(OnReceiveFailed);
        Receive<SendFailed>(OnSendFailed);
        Receive<ReportProgress>(_ => ReportToParent());
    }

    private void OnFrameReceived(FrameReceived frame)
    {
        var from = Endpoint(frame.From);
        var to = Other(from);
        from.Receiving = false;
        if (from.Lost) return;
        _lastActivityAt = Now;

        if (to.OutputClosing)
        {
            // The destination has been sent a Close; the frame has nowhere to go, but the side that sent
            // it must still be read until its own Close arrives.
            ReceiveNext(from);
            return;
        }

        to.MidFrame = !frame.AtFrameBoundary;
        Send(to, frame.Bytes, frame);
    }

    private void OnMessageTooBig(MessageTooBig tooBig)
    {
        // Nothing of the message's oversized frame was passed on; its sender is still read, for its Close.
        _log.Info("WebSocket relay {0}: message from {1} exceeds {2} bytes; closing both sides with 1009",
            _connectionId, Endpoint(tooBig.From).Name, _settings.MaxMessageBytes);
        CloseBoth(RelayEndReason.MessageTooBig, WebSocketCloseStatus.MessageTooBig,
            $"message exceeds {_settings.MaxMessageBytes} bytes");
    }

    /// <summary>
    /// RFC 6455 §7.1.7: the side that broke the protocol has its connection failed, with a Close that
    /// says why (1002, or 1007 for bad UTF-8) and no wait for its answer; the other side is closed with
    /// the same code, as a normal close handshake. Frames read before the bad one are already on their
    /// way, and each Close waits behind the send in flight to its side.
    /// </summary>
    private void OnProtocolViolated(ProtocolViolated violated)
    {
        var from = Endpoint(violated.From);
        from.Receiving = false;
        from.InputDone = true;
        if (from.Lost) return;
        _log.Info("WebSocket relay {0}: {1} broke the protocol ({2}); failing its connection with {3}",
            _connectionId, from.Name, violated.Reason, (int)violated.Status);

        from.Failed = true;
        var reason = from.Side == RelaySide.Client ? RelayEndReason.ClientProtocolError : RelayEndReason.UpstreamProtocolError;
        var description = $"{from.Name} protocol error: {violated.Reason}";
        BeginClosing(reason, violated.Status, description);
        CloseOutput(from, violated.Status, description);
        CloseOutput(Other(from), violated.Status, description);
        // It may have been sent a Close already (the other side's), before it broke the protocol.
        DropIfFailed(from);
        FinishIfDone();
    }

    /// <summary>A side that broke the protocol and has had our Close is let go at once (§7.1.7).</summary>
    private static void DropIfFailed(RelayEndpoint side)
    {
        if (side.Failed && side.OutputClosed) RelaySocketCalls.DisposeQuietly(side.Stream);
    }

    private void OnKeepAliveTick()
    {
        foreach (var side in new[] { _client, _upstream })
        {
            // A connection that carried anything since the last tick needs no keep-alive.
            var quiet = !side.SentSinceKeepAlive;
            side.SentSinceKeepAlive = false;
            if (quiet && !side.Sending && !side.MidFrame && !side.OutputClosing && !side.Lost)
                Send(side, WebSocketFrames.EncodePong(side.MasksOutput), relayed: null);
        }
    }

    /// <param name="relayed">The other side's frames being passed on, or null for a frame of the relay's own.</param>
    private void Send(RelayEndpoint to, byte[] bytes, FrameReceived? relayed)
    {
        to.Sending = true;
        if (relayed is not null) to.SentSinceKeepAlive = true;
        if (RelaySocketCalls.Send(to.Side, to.Stream, bytes, relayed) is { } sending)
            sending.PipeTo(Self);
        else
            Delivered(to, relayed); // taken at once: handled on the spot
    }

    private void OnFrameSent(FrameSent sent)
    {
        // A write that had to wait is activity when it ends. One taken at once was stamped with its frame's
        // arrival, a moment ago in the same handler; a clock read (70-90 ns here) costs about what the rest of the handler does.
        if (sent.Relayed is not null) _lastActivityAt = Now;
        Delivered(Endpoint(sent.To), sent.Relayed);
    }

    private void Delivered(RelayEndpoint to, FrameReceived? relayed)
    {
        var from = Other(to);
        to.Sending = false;
        if (relayed is not null)
        {
            from.BytesDelivered += relayed.PayloadBytes;
            from.MessagesDelivered += relayed.Messages;
            CountForParent(relayed.Messages);
        }

        if (to.QueuedClose is { } queued)
        {
            to.QueuedClose = null;
            SendClose(to, queued.Status, queued.Description);
        }
        // The frames are delivered: only now may their sender be read again.
        if (relayed is not null) ReceiveNext(from);
        FinishIfDone();
    }

    private void OnCloseReceived(CloseReceived close)
    {
        var from = Endpoint(close.From);
        var to = Other(from);
        from.Receiving = false;
        from.InputDone = true;
        if (from.Lost) return;

        var reason = from.Side == RelaySide.Client ? RelayEndReason.ClientClosed : RelayEndReason.UpstreamClosed;
        BeginClosing(reason, close.Status, close.Description);
        if (!to.OutputClosing)
        {
            // Passed on as it came; the other side's answer will complete this side's handshake.
            CloseOutput(to, close.Status, close.Description);
        }
        else if (!from.OutputClosing)
        {
            // The other side cannot carry the answer (it is lost or already closed): answer in its place.
            CloseOutput(from, close.Status, close.Description);
        }
        FinishIfDone();
    }

    private void OnCloseSent(CloseSent sent)
    {
        var to = Endpoint(sent.To);
        to.Sending = false;
        to.OutputClosed = true;
        DropIfFailed(to);
        FinishIfDone();
    }

    private void OnReceiveFailed(ReceiveFailed failed)
    {
        var from = Endpoint(failed.From);
        from.Receiving = false;
        if (!from.Lost) LoseConnection(from, failed.Error);
        FinishIfDone();
    }

    private void OnSendFailed(SendFailed failed)
    {
        var to = Endpoint(failed.To);
        to.Sending = false;
        if (!to.Lost)
        {
            // Once its Close (or its end) has been read, nothing more can come from it to say how it ended.
            if (to.InputDone) LoseConnection(to, failed.Error);
            else ReadOnAfterFailedWrite(to, failed.Error);
        }
        // Whatever was being delivered is gone; its sender is read on, for its Close.
        ReceiveNext(Other(to));
        FinishIfDone();
    }

    /// <summary>
    /// A write fails ("connection reset") as soon as a peer has closed its end, even when its Close (say a
    /// 1007 for text that was not UTF-8, §7.1.7) is already on its way to the gateway, unread. So the side
    /// is not taken for lost yet: nothing more is written to it, but it is read on, and what comes next
    /// decides the other side's code: its Close is passed on as usual, its read failing makes it lost
    /// (1011), and so does the close timeout.
    /// </summary>
    private void ReadOnAfterFailedWrite(RelayEndpoint side, Exception error)
    {
        _log.Info("WebSocket relay {0}: writing to {1} failed ({2}: {3}); reading it on for its Close",
            _connectionId, side.Name, error.GetType().Name, error.Message);
        side.WriteFailed = true;
        side.OutputClosing = true;
        side.OutputClosed = true; // nothing more can go to it, our Close included
        side.QueuedClose = null;
        // The usual close timeout bounds the wait; the relay has not begun closing unless something else started it.
        if (_ending is null) StartCloseTimer();
    }

    private void OnIdleCheck()
    {
        var quietFor = Now - _lastActivityAt;
        if (quietFor < _settings.IdleTimeout)
        {
            // Activity since the timer was set: one timer per idle period instead of one per frame.
            Timers.StartSingleTimer(IdleTimerKey, IdleCheck.Instance, _settings.IdleTimeout - quietFor);
            return;
        }
        _log.Info("WebSocket relay {0}: idle for {1}; closing both sides with 1001", _connectionId, quietFor);
        CloseBoth(RelayEndReason.IdleTimeout, WebSocketCloseStatus.EndpointUnavailable, "idle timeout");
    }

    private void OnCloseTimedOut()
    {
        if (GiveUpOnFailedWrites()) return;
        foreach (var side in new[] { _client, _upstream })
        {
            if (side.Done) continue;
            _log.Warning("WebSocket relay {0}: {1} did not finish closing within {2}; aborting it",
                _connectionId, side.Name, _settings.CloseTimeout);
            side.Lost = true;
            RelaySocketCalls.DisposeQuietly(side.Stream);
        }
        FinishIfDone();
    }

    /// <summary>
    /// A side whose write failed and whose Close did not come in time is lost after all: the other side
    /// gets 1011 and a close timeout of its own to answer it. False when there was no such side.
    /// </summary>
    private bool GiveUpOnFailedWrites()
    {
        var gaveUp = false;
        foreach (var side in new[] { _client, _upstream })
        {
            if (!side.WriteFailed || side.Done) continue;
            LoseConnection(side, new TimeoutException($"no Close within {_settings.CloseTimeout} after a failed write"));
            gaveUp = true;
        }
        if (!gaveUp) return false;
        StartCloseTimer();
        FinishIfDone();
        return true;
    }

    /// <summary>A side broke without a Close: it is aborted and the other side gets 1011.</summary>
    private void LoseConnection(RelayEndpoint side, Exception error)
    {
        _log.Info("WebSocket relay {0}: {1} connection lost ({2}: {3})", _connectionId, side.Name, error.GetType().Name, error.Message);
        side.Lost = true;
        side.InputDone = true;
        side.OutputClosing = true;
        side.QueuedClose = null;
        // Outside the quiet helpers on purpose: a connection that cannot even be dropped is a bug worth a crash.
        side.Stream.Dispose();

        var reason = side.Side == RelaySide.Client ? RelayEndReason.ClientLost : RelayEndReason.UpstreamLost;
        var description = $"{side.Name} connection lost";
        BeginClosing(reason, WebSocketCloseStatus.InternalServerError, description);
        CloseOutput(Other(side), WebSocketCloseStatus.InternalServerError, description);
    }

    private void CloseBoth(RelayEndReason reason, WebSocketCloseStatus status, string description)
    {
        BeginClosing(reason, status, description);
        CloseOutput(_client, status, description);
        CloseOutput(_upstream, status, description);
        FinishIfDone();
    }

    /// <summary>The first reason to close is the one reported; later ones only follow it.</summary>
    private void BeginClosing(RelayEndReason reason, WebSocketCloseStatus status, string? description)
    {
        if (_ending is not null) return;
        _ending = (reason, status, description);
        Timers.Cancel(IdleTimerKey);
        Timers.Cancel(KeepAliveTimerKey);
        StartCloseTimer();
        Become(Closing);
    }

    /// <summary>(Re)starts the one close timer: a new one replaces a running one.</summary>
    private void StartCloseTimer() => Timers.StartSingleTimer(CloseTimerKey, CloseTimedOut.Instance, _settings.CloseTimeout);

    private void CloseOutput(RelayEndpoint side, WebSocketCloseStatus status, string? description)
    {
        if (side.OutputClosing) return;
        side.OutputClosing = true;
        if (side.Sending)
            side.QueuedClose = (status, description); // one send at a time, the Close included
        else
            SendClose(side, status, description);
    }

    private void SendClose(RelayEndpoint side, WebSocketCloseStatus status, string? description)
    {
        if (side.Lost) return;
        if (side.MidFrame)
        {
            // A Close cannot go inside the other side's unfinished frame, and waiting for its rest could
            // take as long as that side likes: the connection is dropped instead.
            _log.Info("WebSocket relay {0}: {1} is inside a frame; dropping it instead of sending Close {2}",
                _connectionId, side.Name, (int)status);
            side.Lost = true;
            side.InputDone = true;
            RelaySocketCalls.DisposeQuietly(side.Stream);
            return;
        }
        side.Sending = true;
        RelaySocketCalls.CloseOutputAsync(side.Side, side.Stream, side.MasksOutput, status, description).PipeTo(Self);
    }

    private void ReceiveNext(RelayEndpoint side)
    {
        if (side.Lost || side.InputDone || side.Receiving) return;
        side.Receiving = true;
        side.ReadGate.Open();
    }

    private void FinishIfDone()
    {
        if (_finished || !_client.Done || !_upstream.Done) return;
        _finished = true;
        Timers.CancelAll();
        RelaySocketCalls.DisposeQuietly(_client.Stream);
        RelaySocketCalls.DisposeQuietly(_upstream.Stream);
        ReportToParent();
        var result = Result();
        _log.Debug("WebSocket relay {0} finished: {1}", _connectionId, result);
        _completion.TrySetResult(result);
        Context.Stop(Self);
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch
        {
            // Remembered for PostStop, which cannot tell a crash from a stop otherwise.
            _crashed = true;
            throw;
        }
    }

    /// <summary>
    /// Stopped before both sides were closed: by a crash (1011) or from outside, e.g. the actor system
    /// shutting down (1001). The Close is sent where no send is in flight, everything else is aborted,
    /// and the awaiting endpoint is released.
    /// </summary>
    protected override void PostStop()
    {
        if (_finished) return;
        _finished = true;
        var (reason, status, description) = _crashed
            ? (RelayEndReason.Crashed, WebSocketCloseStatus.InternalServerError, "gateway relay failed")
            : (RelayEndReason.Shutdown, WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down");
        // A crash outranks whatever close was under way; a stop from outside only fills in a missing reason.
        if (_crashed || _ending is null) _ending = (reason, status, description);
        foreach (var side in new[] { _client, _upstream })
        {
            if (side.Lost || side.Sending || side.OutputClosing || side.MidFrame)
                RelaySocketCalls.DisposeQuietly(side.Stream);
            else
                _ = RelaySocketCalls.CloseAndDisposeAsync(side.Stream, side.MasksOutput, status, description, _settings.CloseTimeout);
        }
        ReportToParent();
        _completion.TrySetResult(Result());
    }

    private void CountForParent(int messages)
    {
        if (messages == 0) return;
        if (_unreportedMessages == 0)
            Timers.StartSingleTimer(ProgressTimerKey, ReportProgress.Instance, ProgressInterval);
        _unreportedMessages += messages;
    }

    private void ReportToParent()
    {
        if (_unreportedMessages == 0) return;
        Context.Parent.Tell(new WebSocketRelay.Progress(_connectionId, _unreportedMessages));
        _unreportedMessages = 0;
        Timers.Cancel(ProgressTimerKey);
    }

    private RelayResult Result()
    {
        var (reason, status, description) = _ending ?? (RelayEndReason.Shutdown, WebSocketCloseStatus.EndpointUnavailable, null);
        return new RelayResult(
            _connectionId,
            reason,
            status,
            description,
            _client.MessagesDelivered,
            _client.BytesDelivered,
            _upstream.MessagesDelivered,
            _upstream.BytesDelivered,
            Now - _startedAt);
    }

    private RelayEndpoint Endpoint(RelaySide side) => side == RelaySide.Client ? _client : _upstream;

    private RelayEndpoint Other(RelayEndpoint side) => ReferenceEquals(side, _client) ? _upstream : _client;
}
