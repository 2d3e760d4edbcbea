using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The few frames the relay writes itself (RFC 6455 §5): its Close and its keep-alive Pong. Every other
/// frame is the peers' own and crosses the relay as it arrived.
/// </summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>A control frame's payload is at most this long (§5.5).</summary>
    public const int MaxControlPayload = 125;

    /// <summary>The longest header: 2 bytes, an 8-byte length and a 4-byte mask.</summary>
    public const int MaxHeaderBytes = 14;

    /// <summary>
    /// A Close frame carrying <paramref name="status"/> and as much of <paramref name="description"/> as
    /// fits (cut on a character boundary). 1005 (Empty) means "no status" and is sent as an empty Close.
    /// </summary>
    /// <param name="masked">True toward a server (the upstream): a client's frames are masked (§5.3).</param>
    public static byte[] EncodeClose(WebSocketCloseStatus status, string? description, bool masked)
    {
        if (status == WebSocketCloseStatus.Empty) return Encode(Close, [], masked);
        var text = Utf8Prefix(description ?? "", MaxControlPayload - 2);
        var payload = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        text.CopyTo(payload, 2);
        return Encode(Close, payload, masked);
    }

    /// <summary>An unsolicited Pong: a keep-alive that needs no answer (§5.5.3).</summary>
    public static byte[] EncodePong(bool masked) => Encode(Pong, [], masked);

    /// <summary>
    /// A Close frame's status and description, or the protocol error it is: a single byte or a status
    /// no endpoint may send (§5.5.1, §7.4) fail the connection with 1002, a description that is not
    /// UTF-8 with 1007 (§8.1).
    /// </summary>
    public static ScanEnd DecodeClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0) return new ScanEnd.Closed(WebSocketCloseStatus.Empty, null);
        if (payload.Length == 1) return new ScanEnd.ProtocolError(WebSocketCloseStatus.ProtocolError, "a Close payload of one byte");
        var status = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!MayBeSent(status)) return new ScanEnd.ProtocolError(WebSocketCloseStatus.ProtocolError, $"Close status {status} is not allowed on the wire");
        try
        {
            var description = Strict.GetString(payload[2..]);
            return new ScanEnd.Closed((WebSocketCloseStatus)status, description.Length == 0 ? null : description);
        }
        catch (DecoderFallbackException)
        {
            return new ScanEnd.ProtocolError(WebSocketCloseStatus.InvalidPayloadData, "a Close reason that is not UTF-8");
        }
    }

    /// <summary>
    /// §7.4.1/§7.4.2 and the IANA registry: 1000–1003 and 1007–1014 are defined for use on the wire
    /// (1004 is reserved; 1005, 1006 and 1015 only report locally; 1016–2999 are unassigned);
    /// 3000–4999 belong to libraries and applications; 0–999 and 5000 up are not used.
    /// </summary>
    private static bool MayBeSent(ushort status) =>
        status is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte[] Utf8Prefix(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= maxBytes) return bytes;
        var cut = maxBytes;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) cut--; // never split a character
        return bytes[..cut];
    }

    private static byte[] Encode(byte opcode, ReadOnlySpan<byte> payload, bool masked)
    {
        // Only control frames are made here, so the length always fits the first length byte.
        var headerBytes = masked ? 6 : 2;
        var frame = new byte[headerBytes + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)((masked ? 0x80 : 0) | payload.Length);
        payload.CopyTo(frame.AsSpan(headerBytes));
        if (masked)
        {
            // The key must be unpredictable (§10.3); these frames are rare, so a fresh one each time.
            var key = frame.AsSpan(2, 4);
            RandomNumberGenerator.Fill(key);
            ApplyMask(frame.AsSpan(headerBytes), key);
        }
        return frame;
    }

    /// <summary>XORs a whole payload, <paramref name="data"/>, with the mask key (§5.3).</summary>
    public static void ApplyMask(Span<byte> data, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < data.Length; i++) data[i] ^= key[i & 3];
    }
}
