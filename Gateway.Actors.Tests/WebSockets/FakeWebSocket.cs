using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>What the code under test sent on a <see cref="FakeWebSocket"/>.</summary>
public sealed record SentFrame(
    WebSocketMessageType Type,
    byte[] Payload,
    bool EndOfMessage,
    WebSocketCloseStatus? CloseStatus = null,
    string? CloseDescription = null)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A WebSocket whose peer is the test: it pushes what the socket will "receive", reads what was
/// "sent", can hold sends until released (a slow reader), drop the connection, and it records any
/// misuse a real socket would not tolerate (two sends or two reads at once, a send after Close).
/// Frames larger than the reader's buffer are handed out in pieces, like a real socket does; a
/// zero-byte read waits for the next frame and consumes nothing of it (only an empty frame), as
/// .NET's managed WebSocket does.
/// </summary>
public sealed class FakeWebSocket : WebSocket
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<Inbound> _inbound = Channel.CreateUnbounded<Inbound>();
    private readonly Channel<SentFrame> _sent = Channel.CreateUnbounded<SentFrame>();
    private readonly Channel<TaskCompletionSource> _heldSends = Channel.CreateUnbounded<TaskCompletionSource>();
    private readonly CancellationTokenSource _aborted = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    private Inbound? _partial;
    private int _partialOffset;
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;
    private int _sendsInFlight;
    private int _receivesInFlight;
    private int _receiveCalls;
    private int _zeroByteReceiveCalls;
    private int _readsWaitingWithABuffer;
    private volatile bool _holdSends;

    public FakeWebSocket(string name) => Name = name;

    public string Name { get; }

    /// <summary>From now on every send waits until the test calls <see cref="ReleaseSendAsync"/>.</summary>
    public bool HoldSends
    {
        get => _holdSends;
        set => _holdSends = value;
    }

    /// <summary>Makes <see cref="Abort"/> throw, to inject a fault into the code that calls it.</summary>
    public bool ThrowOnAbort { get; set; }

    /// <summary>
    /// How many reads into a buffer were started; a read is only started when the caller wants more.
    /// Zero-byte reads, which only wait for data, are counted in <see cref="ZeroByteReceiveCalls"/>.
    /// </summary>
    public int ReceiveCalls => Volatile.Read(ref _receiveCalls);

    public int ZeroByteReceiveCalls => Volatile.Read(ref _zeroByteReceiveCalls);

    /// <summary>Reads that had to wait for the peer while holding a buffer: memory an idle connection pins.</summary>
    public int ReadsWaitingWithABuffer => Volatile.Read(ref _readsWaitingWithABuffer);

    public int MostSendsInFlight { get; private set; }
    public int MostReceivesInFlight { get; private set; }

    /// <summary>Calls a correct user of a socket never makes: a second concurrent send or read, a send after its Close.</summary>
    public int Violations { get; private set; }

    public bool IsDisposed => _disposed.Task.IsCompleted;
    public Task Disposal => _disposed.Task;
    public bool WasAborted { get; private set; }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;
    public override string? CloseStatusDescription => _closeDescription;
    public override WebSocketState State { get { lock (_lock) return _state; } }
    public override string? SubProtocol => null;

    // ---- the test's side: the peer ----

    public void PushText(string text, bool endOfMessage = true) =>
        Push(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text), endOfMessage);

    public void PushBinary(byte[] payload, bool endOfMessage = true) =>
        Push(WebSocketMessageType.Binary, payload, endOfMessage);

    public void Push(WebSocketMessageType type, byte[] payload, bool endOfMessage) =>
        _inbound.Writer.TryWrite(new Inbound.Data(type, payload, endOfMessage));

    /// <summary>The peer sends its Close frame.</summary>
    public void PushClose(WebSocketCloseStatus status, string? description) =>
        _inbound.Writer.TryWrite(new Inbound.Close(status, description));

    /// <summary>The peer's connection breaks: the next (or pending) read fails as a real socket's would.</summary>
    public void Drop() => _inbound.Writer.TryWrite(new Inbound.Broken());

    /// <summary>The next frame sent (delivered) to the peer, in order.</summary>
    public async Task<SentFrame> NextSentAsync()
    {
        try
        {
            return await _sent.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name}: nothing was sent within {WaitLimit}");
        }
    }

    /// <summary>The next Close sent to the peer; data frames before it are skipped.</summary>
    public async Task<SentFrame> NextCloseAsync()
    {
        while (true)
        {
            var frame = await NextSentAsync();
            if (frame.Type == WebSocketMessageType.Close) return frame;
        }
    }

    public bool TryTakeSent(out SentFrame? frame) => _sent.Reader.TryRead(out frame);

    /// <summary>Waits until a held send has started, then lets it complete.</summary>
    public async Task ReleaseSendAsync()
    {
        var held = await _heldSends.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);
        held.SetResult();
    }

    /// <summary>Waits until a send is being held, without releasing it.</summary>
    public async Task WaitForHeldSendAsync() =>
        await _heldSends.Reader.WaitToReadAsync().AsTask().WaitAsync(WaitLimit);

    // ---- the code under test's side ----

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty) Interlocked.Increment(ref _zeroByteReceiveCalls);
        else Interlocked.Increment(ref _receiveCalls);
        if (!buffer.IsEmpty && _partial is null && !_inbound.Reader.TryPeek(out _)) Interlocked.Increment(ref _readsWaitingWithABuffer);
        lock (_lock)
        {
            _receivesInFlight++;
            MostReceivesInFlight = Math.Max(MostReceivesInFlight, _receivesInFlight);
            if (_receivesInFlight > 1) Violations++;
        }
        try
        {
            if (State is not (WebSocketState.Open or WebSocketState.CloseSent))
                throw new WebSocketException(WebSocketError.InvalidState, $"{Name}: cannot receive in state {State}");

            var next = _partial ?? await ReadInboundAsync(cancellationToken);
            switch (next)
            {
                case Inbound.Data data:
                    var offset = _partial is null ? 0 : _partialOffset;
                    var count = Math.Min(buffer.Length, data.Payload.Length - offset);
                    data.Payload.AsSpan(offset, count).CopyTo(buffer.Span);
                    var complete = offset + count == data.Payload.Length;
                    (_partial, _partialOffset) = complete ? (null, 0) : (data, offset + count);
                    return new ValueWebSocketReceiveResult(count, data.Type, complete && data.EndOfMessage);
                case Inbound.Close close:
                    lock (_lock)
                    {
                        _closeStatus = close.Status;
                        _closeDescription = close.Description;
                        _state = _state == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived;
                    }
                    return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
                default:
                    lock (_lock) _state = WebSocketState.Aborted;
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"{Name}: connection dropped");
            }
        }
        finally
        {
            lock (_lock) _receivesInFlight--;
        }
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        EnterSend(WebSocketState.Open, WebSocketState.CloseReceived);
        try
        {
            var payload = buffer.ToArray();
            await HoldIfAskedAsync(cancellationToken);
            _sent.Writer.TryWrite(new SentFrame(messageType, payload, endOfMessage));
        }
        finally
        {
            ExitSend();
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        EnterSend(WebSocketState.Open, WebSocketState.CloseReceived);
        try
        {
            lock (_lock) _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
            await HoldIfAskedAsync(cancellationToken);
            _sent.Writer.TryWrite(new SentFrame(WebSocketMessageType.Close, [], true, closeStatus, statusDescription));
        }
        finally
        {
            ExitSend();
        }
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the relay passes closes on with CloseOutputAsync and reads the answer itself");

    public override void Abort()
    {
        if (ThrowOnAbort) throw new InvalidOperationException($"{Name}: injected fault in Abort");
        lock (_lock)
        {
            WasAborted = true;
            if (_state != WebSocketState.Closed) _state = WebSocketState.Aborted;
        }
        _aborted.Cancel();
    }

    public override void Dispose()
    {
        lock (_lock)
        {
            if (_state != WebSocketState.Closed) _state = WebSocketState.Aborted;
        }
        _aborted.Cancel();
        _disposed.TrySetResult();
    }

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        throw new NotSupportedException("use the Memory<byte> overload");

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    private async Task<Inbound> ReadInboundAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            return await _inbound.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"{Name}: aborted");
        }
    }

    private async Task HoldIfAskedAsync(CancellationToken cancellationToken)
    {
        if (!_holdSends) return;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldSends.Writer.TryWrite(release);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            await release.Task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"{Name}: aborted during send");
        }
    }

    private void EnterSend(params WebSocketState[] allowed)
    {
        lock (_lock)
        {
            _sendsInFlight++;
            MostSendsInFlight = Math.Max(MostSendsInFlight, _sendsInFlight);
            var concurrent = _sendsInFlight > 1;
            var badState = !allowed.Contains(_state);
            if (!concurrent && !badState) return;
            // A send racing a connection that just broke is normal; one after our own Close is not.
            if (concurrent || _state is WebSocketState.CloseSent or WebSocketState.Closed) Violations++;
            _sendsInFlight--;
            throw concurrent
                ? new InvalidOperationException($"{Name}: a send is already in flight")
                : new WebSocketException(WebSocketError.InvalidState, $"{Name}: cannot send in state {_state}");
        }
    }

    private void ExitSend()
    {
        lock (_lock) _sendsInFlight--;
    }

    private abstract record Inbound
    {
        public sealed record Data(WebSocketMessageType Type, byte[] Payload, bool EndOfMessage) : Inbound;
        public sealed record Close(WebSocketCloseStatus Status, string? Description) : Inbound;
        public sealed record Broken : Inbound;
    }
}
