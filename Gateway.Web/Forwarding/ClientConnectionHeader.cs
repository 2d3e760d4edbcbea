using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Forwarding;

/// <summary>
/// The client's <c>Connection</c> field as it was sent. Kestrel (HTTP/1.x) replaces a Connection
/// value whose only option it knows is one of keep-alive, close or Upgrade with that option alone:
/// <c>Connection: keep-alive, X-Drop-Me</c> reaches the application as <c>keep-alive</c>, and the
/// fields it named (RFC 9110 §7.6.1) would go on to the upstream. So the gateway keeps its own copy:
/// Kestrel decodes every Connection value through <see cref="Recorder"/>, which notes the text on the
/// connection it belongs to (HTTP/1.x handles one request at a time per connection), and a
/// middleware hands what was noted to the request as it starts.
/// </summary>
public static class ClientConnectionHeader
{
    /// <summary>More lines than Kestrel lets one request carry in all (100 header fields); past it, nothing is noted.</summary>
    private const int MaxNoted = 128;

    private static readonly AsyncLocal<Noted?> OnThisConnection = new();
    private static readonly RecordingUtf8Encoding Recorder = new();

    /// <summary>Decodes Connection values through the recorder; <see cref="NoteOn"/> gives every connection its note.</summary>
    public static void CaptureIn(KestrelServerOptions kestrel) =>
        // Only Connection is decoded by us; every other field keeps Kestrel's own decoding.
        kestrel.RequestHeaderEncodingSelector = name => name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase) ? Recorder : null;

    /// <summary>Connection middleware of an endpoint: a fresh note for each connection.</summary>
    public static void NoteOn(ListenOptions listen) => listen.Use(next => async connection =>
    {
        OnThisConnection.Value = new Noted();
        await next(connection);
    });

    /// <summary>First in the pipeline: every request takes (and so clears) what was noted while its head was read.</summary>
    public static IApplicationBuilder UseClientConnectionHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (OnThisConnection.Value is { } noted && noted.Take() is { Length: > 0 } values
            // HTTP/2 and 3 forbid the field; whatever was noted on such a connection belongs to no request.
            && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            context.Features.Set(new Sent(values));
        }
        return next(context);
    });

    /// <summary>
    /// Every Connection value the client sent: what was noted, plus what Kestrel holds (a value equal to
    /// the one before it on the connection is reused by Kestrel without decoding, so only Kestrel has it,
    /// and then it is unchanged).
    /// </summary>
    public static StringValues Of(HttpContext context)
    {
        var kestrels = context.Request.Headers.Connection;
        return context.Features.Get<Sent>() is { } sent ? StringValues.Concat(sent.Values, kestrels) : kestrels;
    }

    private sealed record Sent(string[] Values);

    private sealed class Noted
    {
        private readonly List<string> _values = [];
        // Read without the lock by every request: most send no Connection field, and take nothing.
        private volatile int _count;

        public void Add(string value)
        {
            lock (_values)
            {
                if (_values.Count < MaxNoted) _values.Add(value);
                _count = _values.Count;
            }
        }

        public string[] Take()
        {
            if (_count == 0) return [];
            lock (_values)
            {
                if (_values.Count == 0) return [];
                var values = _values.ToArray();
                _values.Clear();
                _count = 0;
                return values;
            }
        }
    }

    /// <summary>
    /// UTF-8 that throws on invalid bytes, as Kestrel's own decoding does, and notes each decoded value.
    /// Kestrel decodes through <see cref="Encoding.GetString(ReadOnlySpan{byte})"/>, which ends in the pointer
    /// overload of GetChars; the other two are covered in case a later Kestrel calls them.
    /// </summary>
    private sealed class RecordingUtf8Encoding() : UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
    {
        public override unsafe int GetChars(byte* bytes, int byteCount, char* chars, int charCount)
        {
            var written = base.GetChars(bytes, byteCount, chars, charCount);
            Note(new ReadOnlySpan<char>(chars, written));
            return written;
        }

        public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
        {
            var written = base.GetChars(bytes, chars);
            Note(chars[..written]);
            return written;
        }

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
        {
            var written = base.GetChars(bytes, byteIndex, byteCount, chars, charIndex);
            Note(chars.AsSpan(charIndex, written));
            return written;
        }

        private static void Note(ReadOnlySpan<char> value) => OnThisConnection.Value?.Add(value.ToString());
    }
}
