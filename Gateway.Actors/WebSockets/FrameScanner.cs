using System.Buffers.Binary;
using System.Net.WebSockets;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// Follows the frames in the bytes read from one side (RFC 6455 §5.2) so the relay can pass them on as
/// they are: it checks each header, holds back a header until it is whole, counts messages and payload,
/// enforces the message size limit before any byte of an oversized frame leaves (and passes nothing on
/// after it), and takes the side's
/// Close frame out of the stream (the relay answers and passes Closes itself). Owned by the side's reader.
/// </summary>
/// <param name="expectMasked">True for frames from a client (the gateway's client side), which must be
/// masked; false for frames from a server (the upstream), which must not be (§5.1).</param>
internal sealed class FrameScanner(bool expectMasked, long maxMessageBytes)
{
    private readonly byte[] _header = new byte[WebSocketFrames.MaxHeaderBytes];
    private int _headerHave;

    // The frame whose payload is being passed on.
    private bool _inPayload;
    private long _payloadLeft;
    private bool _frameIsData;
    private bool _frameEndsMessage;

    // A data message whose last frame has not come yet, and its payload so far.
    private bool _inMessage;
    private long _messageBytes;

    // After an oversized message: frames are skipped, not passed on, until the side's Close.
    private bool _discarding;

    // The side's Close frame, collected instead of passed on.
    private byte[]? _close;
    private int _closeHave;
    private int _closeMaskAt;

    /// <summary>
    /// Scans <paramref name="chunk"/>, copying what may be passed on into <paramref name="output"/> (which
    /// needs room for the chunk and one held-back header). Stops at the side's end: its Close, an
    /// oversized message or a broken frame; anything after that in the chunk is not looked at.
    /// </summary>
    public ScanResult Scan(ReadOnlySpan<byte> chunk, Span<byte> output)
    {
        var result = new ScanResult();
        var i = 0;
        while (i < chunk.Length)
        {
            if (_close is not null)
            {
                var take = Math.Min(_close.Length - _closeHave, chunk.Length - i);
                chunk.Slice(i, take).CopyTo(_close.AsSpan(_closeHave));
                _closeHave += take;
                i += take;
                if (_closeHave == _close.Length) return EndWithClose(result);
                continue;
            }

            if (_inPayload)
            {
                var take = (int)Math.Min(_payloadLeft, chunk.Length - i);
                if (!_discarding)
                {
                    chunk.Slice(i, take).CopyTo(output[result.Length..]);
                    result.Length += take;
                    if (_frameIsData) result.PayloadBytes += take;
                }
                i += take;
                _payloadLeft -= take;
                if (_payloadLeft == 0) EndFrame(ref result);
                continue;
            }

            _header[_headerHave++] = chunk[i++];
            if (_headerHave < HeaderLength()) continue;
            if (StartFrame(ref result, output) is not { } end) continue;
            end.AtFrameBoundary = !_inPayload;
            return end;
        }
        result.AtFrameBoundary = !_inPayload;
        return result;
    }

    /// <summary>The whole header's length, once its first two bytes say it.</summary>
    private int HeaderLength()
    {
        if (_headerHave < 2) return 2;
        var length7 = _header[1] & 0x7F;
        var lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + lengthBytes + ((_header[1] & 0x80) != 0 ? 4 : 0);
    }

    /// <summary>A whole header: checked, then passed on with its frame, or the side's end.</summary>
    private ScanResult? StartFrame(ref ScanResult result, Span<byte> output)
    {
        var fin = (_header[0] & 0x80) != 0;
        var opcode = (byte)(_header[0] & 0x0F);
        var masked = (_header[1] & 0x80) != 0;
        var length7 = _header[1] & 0x7F;
        var length = length7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)),
            _ => length7,
        };

        // No extension is negotiated through the gateway, so no reserved bit may be set (§5.2).
        if ((_header[0] & 0x70) != 0) return Broken(result, "a reserved bit is set");
        if (masked != expectMasked) return Broken(result, expectMasked ? "a client frame is not masked" : "a server frame is masked");
        if (length < 0) return Broken(result, "the payload length is out of range");
        // §5.2: the length takes the fewest bytes that hold it; one written longer is refused, not normalised,
        // since the frame passes on as it came.
        if (length7 == 126 && length < 126 || length7 == 127 && length <= ushort.MaxValue)
            return Broken(result, "a payload length not in its shortest form");

        var isControl = opcode >= WebSocketFrames.Close;
        if (isControl)
        {
            if (opcode > WebSocketFrames.Pong) return Broken(result, $"unknown opcode {opcode}");
            if (!fin || length > WebSocketFrames.MaxControlPayload) return Broken(result, "a control frame is fragmented or too long");
            if (opcode == WebSocketFrames.Close)
            {
                _close = new byte[length];
                _closeMaskAt = masked ? _headerHave - 4 : -1;
                _headerHave = 0;
                return length == 0 ? EndWithClose(result) : null;
            }
        }
        else
        {
            if (opcode > WebSocketFrames.Binary) return Broken(result, $"unknown opcode {opcode}");
            if (opcode == WebSocketFrames.Continuation && !_inMessage) return Broken(result, "a continuation frame without a message");
            if (opcode != WebSocketFrames.Continuation && _inMessage) return Broken(result, "a new message before the last one ended");
            if (!_inMessage) _messageBytes = 0;
            _inMessage = !fin;
            // Checked on the header, so nothing of the frame that would break the limit is passed on.
            if (!_discarding && length > maxMessageBytes - _messageBytes)
            {
                result.TooBig = true;
                _discarding = true;
            }
            _messageBytes += _discarding ? 0 : length;
        }

        if (!_discarding)
        {
            _header.AsSpan(0, _headerHave).CopyTo(output[result.Length..]);
            result.Length += _headerHave;
        }
        _headerHave = 0;
        _frameIsData = !isControl;
        _frameEndsMessage = !isControl && fin;
        _payloadLeft = length;
        _inPayload = true;
        if (length == 0) EndFrame(ref result);
        return null;
    }

    private void EndFrame(ref ScanResult result)
    {
        _inPayload = false;
        if (_frameEndsMessage && !_discarding) result.Messages++;
    }

    private ScanResult EndWithClose(ScanResult result)
    {
        result.AtFrameBoundary = true; // a Close frame starts only where the last frame ended
        var payload = _close!.AsSpan();
        if (_closeMaskAt >= 0) WebSocketFrames.ApplyMask(payload, _header.AsSpan(_closeMaskAt, 4));
        result.End = WebSocketFrames.DecodeClose(payload);
        return result;
    }

    /// <summary>A frame that fails the side's connection with 1002 (§7.1.7).</summary>
    private static ScanResult Broken(ScanResult result, string what)
    {
        result.End = new ScanEnd.ProtocolError(WebSocketCloseStatus.ProtocolError, what);
        return result;
    }
}

/// <summary>What one chunk held.</summary>
internal struct ScanResult
{
    /// <summary>Bytes written to the output: whole frames and pieces of frames, to be passed on.</summary>
    public int Length;

    /// <summary>Data messages whose last frame ended in this chunk.</summary>
    public int Messages;

    /// <summary>Payload bytes of data frames among <see cref="Length"/>.</summary>
    public long PayloadBytes;

    /// <summary>The output ends between frames, so the relay may put a frame of its own after it.</summary>
    public bool AtFrameBoundary;

    /// <summary>
    /// A frame would have made its message longer than the limit. Nothing of it was passed on, and
    /// nothing after it will be: the rest is skipped while the side's Close is waited for.
    /// </summary>
    public bool TooBig;

    /// <summary>The side is done sending: nothing more is read from it.</summary>
    public ScanEnd? End;
}

/// <summary>Why a side's frames ended.</summary>
internal abstract record ScanEnd
{
    /// <summary>Its Close frame, valid and decoded.</summary>
    public sealed record Closed(WebSocketCloseStatus Status, string? Description) : ScanEnd;

    /// <summary>
    /// A frame broke RFC 6455: the side's connection is to be failed (§7.1.7) with <paramref name="Status"/>,
    /// 1002 (ProtocolError), or 1007 (InvalidPayloadData) for a Close description that is not UTF-8.
    /// </summary>
    /// <param name="Reason">What was wrong, short enough for a Close description.</param>
    public sealed record ProtocolError(WebSocketCloseStatus Status, string Reason) : ScanEnd;
}
