using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>A frame the code under test wrote to a <see cref="FakePeer"/>, as the peer decoded it.</summary>
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
/// One end of a WebSocket connection whose other end is the code under test, which holds
/// <see cref="Connection"/>: the test pushes frames that the connection will deliver, encoded as
/// RFC 6455 puts them on the wire (masked when the peer is a client), and reads back the frames written
/// to it, decoded. It can hold writes until released (a slow reader), drop the connection, and it
/// records misuse a real connection would not tolerate: two writes or two reads at once, a write after
/// the Close, a frame masked the wrong way. A zero-byte read waits for data and consumes nothing.
/// </summary>
public sealed class FakePeer
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<Inbound> _inbound = Channel.CreateUnbounded<Inbound>();
    private readonly Channel<SentFrame> _sent = Channel.CreateUnbounded<SentFrame>();
    private readonly Channel<TaskCompletionSource> _heldSends = Channel.CreateUnbounded<TaskCompletionSource>();
    private readonly CancellationTokenSource _disposedToken = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<byte> _written = [];
    private readonly List<byte[]> _pings = [];

    private bool _pushingMessage;
    private WebSocketMessageType _writtenMessageType;
    private bool _closeSent;
    private bool _closeReceived;
    private int _sendsInFlight;
    private int _receivesInFlight;
    private int _receiveCalls;
    private int _zeroByteReceiveCalls;
    private int _readsWaitingWithABuffer;
    private int _pongs;
    private volatile bool _holdSends;

    /// <param name="isClient">True for the client's end: its frames are masked and the frames it is sent must not be.</param>
    public FakePeer(string name, bool isClient)
    {
        Name = name;
        IsClient = isClient;
        Connection = new FakeConnection(this);
    }

    public string Name { get; }
    public bool IsClient { get; }

    /// <summary>The connection the code under test reads from and writes to.</summary>
    public Stream Connection { get; }

    /// <summary>From now on every write waits until the test calls <see cref="ReleaseSendAsync"/>.</summary>
    public bool HoldSends
    {
        get => _holdSends;
        set => _holdSends = value;
    }

    /// <summary>Makes disposing the connection throw, to inject a fault into the code that drops it.</summary>
    public bool ThrowOnDispose { get; set; }

    /// <summary>Reads into a buffer that were started; zero-byte reads, which only wait, are counted apart.</summary>
    public int ReceiveCalls => Volatile.Read(ref _receiveCalls);

    public int ZeroByteReceiveCalls => Volatile.Read(ref _zeroByteReceiveCalls);

    /// <summary>Reads that had to wait for the peer while holding a buffer: memory an idle connection pins.</summary>
    public int ReadsWaitingWithABuffer => Volatile.Read(ref _readsWaitingWithABuffer);

    /// <summary>Unsolicited Pongs (keep-alives) written to the peer.</summary>
    public int Pongs => Volatile.Read(ref _pongs);

    /// <summary>Payloads of the Pings written to the peer (the other peer's, passed on).</summary>
    public IReadOnlyList<byte[]> Pings
    {
        get { lock (_lock) return _pings.ToList(); }
    }

    public int MostSendsInFlight { get; private set; }
    public int MostReceivesInFlight { get; private set; }

    /// <summary>Things a correct user of the connection never does.</summary>
    public int Violations { get; private set; }

    public bool IsDisposed => _disposed.Task.IsCompleted;
    public Task Disposal => _disposed.Task;

    /// <summary>The connection was dropped before the close handshake was complete both ways.</summary>
    public bool WasAborted { get; private set; }

    /// <summary>The close handshake as the code under test saw it, in <see cref="WebSocketState"/> terms.</summary>
    public WebSocketState State
    {
        get
        {
            lock (_lock)
            {
                if (_closeSent && _closeReceived) return WebSocketState.Closed;
                if (IsDisposed) return WebSocketState.Aborted;
                return _closeSent ? WebSocketState.CloseSent : _closeReceived ? WebSocketState.CloseReceived : WebSocketState.Open;
            }
        }
    }

    // ---- the test's side: the peer ----

    public void PushText(string text, bool endOfMessage = true) =>
        Push(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text), endOfMessage);

    public void PushBinary(byte[] payload, bool endOfMessage = true) =>
        Push(WebSocketMessageType.Binary, payload, endOfMessage);

    /// <summary>One frame of a message: the first of a message carries its type, the rest are continuations.</summary>
    public void Push(WebSocketMessageType type, byte[] payload, bool endOfMessage)
    {
        var opcode = _pushingMessage ? (byte)0x0 : type == WebSocketMessageType.Text ? (byte)0x1 : (byte)0x2;
        _pushingMessage = !endOfMessage;
        PushRaw(Frame(opcode, payload, endOfMessage));
    }

    public void PushPing(byte[] payload) => PushRaw(Frame(0x9, payload, fin: true));

    /// <summary>The peer sends its Close frame.</summary>
    public void PushClose(WebSocketCloseStatus status, string? description)
    {
        var text = Encoding.UTF8.GetBytes(description ?? "");
        var payload = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        text.CopyTo(payload, 2);
        _inbound.Writer.TryWrite(new Inbound.Bytes(Frame(0x8, payload, fin: true), IsClose: true));
    }

    /// <summary>Bytes as they are, which the connection delivers in one read if the reader's buffer takes them.</summary>
    public void PushRaw(byte[] bytes) => _inbound.Writer.TryWrite(new Inbound.Bytes(bytes, IsClose: false));

    /// <summary>The peer's connection breaks: the next (or pending) read fails as a real connection's would.</summary>
    public void Drop() => _inbound.Writer.TryWrite(new Inbound.Broken());

    /// <summary>A frame as this peer would put it on the wire: masked with a random key when it is the client.</summary>
    /// <param name="lengthBytes">The extended length field's size (0, 2 or 8); by default the shortest that
    /// holds the length, as §5.2 requires, so a larger one makes a broken frame.</param>
    public byte[] Frame(byte opcode, byte[] payload, bool fin, int? lengthBytes = null)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        var mask = IsClient ? 0x80 : 0;
        lengthBytes ??= payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        if (lengthBytes == 0)
        {
            header.Add((byte)(mask | payload.Length));
        }
        else if (lengthBytes == 2)
        {
            header.Add((byte)(mask | 126));
            header.AddRange([(byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            header.Add((byte)(mask | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }
        var body = payload.ToArray();
        if (IsClient)
        {
            var key = RandomNumberGenerator.GetBytes(4);
            header.AddRange(key);
            Mask(body, key);
        }
        return [.. header, .. body];
    }

    // The peer's own masking, not the relay's WebSocketFrames.ApplyMask: the fake checks the relay's
    // frames independently of the code under test.
    private static void Mask(Span<byte> payload, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < payload.Length; i++) payload[i] ^= key[i & 3];
    }

    /// <summary>The next data or Close frame written to the peer, in order.</summary>
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

    /// <summary>The next Close written to the peer; data frames before it are skipped.</summary>
    public async Task<SentFrame> NextCloseAsync()
    {
        while (true)
        {
            var frame = await NextSentAsync();
            if (frame.Type == WebSocketMessageType.Close) return frame;
        }
    }

    public bool TryTakeSent(out SentFrame? frame) => _sent.Reader.TryRead(out frame);

    /// <summary>Waits until a held write has started, then lets it complete.</summary>
    public async Task ReleaseSendAsync()
    {
        var held = await _heldSends.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);
        held.SetResult();
    }

    /// <summary>
    /// Waits until a held write has started, then fails it the way a write to a connection the peer has
    /// closed fails ("connection reset"), while what the peer sent before stays readable.
    /// </summary>
    public async Task FailHeldSendAsync()
    {
        var held = await _heldSends.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit);
        held.SetException(new IOException($"{Name}: connection reset by peer"));
    }

    /// <summary>Waits until a write is being held, without releasing it.</summary>
    public async Task WaitForHeldSendAsync() =>
        await _heldSends.Reader.WaitToReadAsync().AsTask().WaitAsync(WaitLimit);

    // ---- the code under test's side ----

    private Inbound.Bytes? _partial;
    private int _partialOffset;

    private async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
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
            if (_partial is null)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposedToken.Token);
                try
                {
                    // Waiting does not consume: a zero-byte read leaves the data for the next read.
                    await _inbound.Reader.WaitToReadAsync(linked.Token);
                }
                catch (OperationCanceledException) when (_disposedToken.IsCancellationRequested)
                {
                    throw new IOException($"{Name}: connection dropped by the code under test");
                }
                if (_inbound.Reader.TryPeek(out var next) && next is Inbound.Broken)
                    throw new IOException($"{Name}: connection broken by the peer");
                if (buffer.IsEmpty) return 0;
                _inbound.Reader.TryRead(out var taken);
                (_partial, _partialOffset) = ((Inbound.Bytes)taken!, 0);
            }
            if (buffer.IsEmpty) return 0;
            var chunk = _partial;
            var count = Math.Min(buffer.Length, chunk.Data.Length - _partialOffset);
            chunk.Data.AsSpan(_partialOffset, count).CopyTo(buffer.Span);
            _partialOffset += count;
            if (_partialOffset == chunk.Data.Length)
            {
                _partial = null;
                if (chunk.IsClose) lock (_lock) _closeReceived = true;
            }
            return count;
        }
        finally
        {
            lock (_lock) _receivesInFlight--;
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _sendsInFlight++;
            MostSendsInFlight = Math.Max(MostSendsInFlight, _sendsInFlight);
            if (_sendsInFlight > 1) Violations++;
            if (_closeSent) Violations++;
        }
        try
        {
            if (IsDisposed) throw new ObjectDisposedException(Name);
            var copy = bytes.ToArray();
            if (_holdSends)
            {
                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _heldSends.Writer.TryWrite(release);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposedToken.Token);
                try
                {
                    await release.Task.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (_disposedToken.IsCancellationRequested)
                {
                    throw new IOException($"{Name}: dropped during a write");
                }
            }
            lock (_lock)
            {
                _written.AddRange(copy);
                DecodeWritten();
            }
        }
        finally
        {
            lock (_lock) _sendsInFlight--;
        }
    }

    /// <summary>Takes every whole frame off what was written, checking its mask, and records it.</summary>
    private void DecodeWritten()
    {
        while (_written.Count >= 2)
        {
            var b0 = _written[0];
            var b1 = _written[1];
            var masked = (b1 & 0x80) != 0;
            var length7 = b1 & 0x7F;
            var lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            var headerBytes = 2 + lengthBytes + (masked ? 4 : 0);
            if (_written.Count < headerBytes) return;
            var header = _written.GetRange(0, headerBytes).ToArray();
            long length = length7 switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)),
                127 => (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2)),
                _ => length7,
            };
            if (_written.Count < headerBytes + length) return;
            var payload = _written.GetRange(headerBytes, (int)length).ToArray();
            _written.RemoveRange(0, headerBytes + (int)length);

            // A server's end is sent masked frames, a client's end unmasked ones.
            if (masked != !IsClient) Violations++;
            if (masked) Mask(payload, header.AsSpan(headerBytes - 4, 4));
            Record((byte)(b0 & 0x0F), (b0 & 0x80) != 0, payload);
        }
    }

    private void Record(byte opcode, bool fin, byte[] payload)
    {
        switch (opcode)
        {
            case 0x1 or 0x2:
                _writtenMessageType = opcode == 0x1 ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                _sent.Writer.TryWrite(new SentFrame(_writtenMessageType, payload, fin));
                break;
            case 0x0:
                _sent.Writer.TryWrite(new SentFrame(_writtenMessageType, payload, fin));
                break;
            case 0x8:
                _closeSent = true;
                var status = payload.Length >= 2 ? (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload) : WebSocketCloseStatus.Empty;
                var description = payload.Length > 2 ? Encoding.UTF8.GetString(payload, 2, payload.Length - 2) : null;
                _sent.Writer.TryWrite(new SentFrame(WebSocketMessageType.Close, [], true, status, description));
                break;
            case 0x9:
                _pings.Add(payload);
                break;
            case 0xA:
                Interlocked.Increment(ref _pongs);
                break;
            default:
                Violations++; // no other opcode exists
                break;
        }
    }

    private void Dispose()
    {
        if (ThrowOnDispose) throw new InvalidOperationException($"{Name}: injected fault in Dispose");
        lock (_lock)
        {
            if (!(_closeSent && _closeReceived)) WasAborted = true;
        }
        _disposedToken.Cancel();
        _disposed.TrySetResult();
    }

    private abstract record Inbound
    {
        public sealed record Bytes(byte[] Data, bool IsClose) : Inbound;
        public sealed record Broken : Inbound;
    }

    /// <summary>The code under test's end of the connection.</summary>
    private sealed class FakeConnection(FakePeer peer) : Stream
    {
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            peer.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            peer.WriteAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the relay reads asynchronously");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the relay writes asynchronously");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) peer.Dispose();
            base.Dispose(disposing);
        }
    }
}
