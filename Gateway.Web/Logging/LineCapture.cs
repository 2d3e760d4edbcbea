using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.Web.Logging;

/// <summary>
/// The text writer a formatter writes one log entry into, which hands the entry on as UTF-8 in a rented
/// array (<see cref="EncodedLine"/>) instead of as a new string: the JSON request line is about 2 KB of
/// UTF-16, and a string per request was the largest single allocation of a proxied request.
/// </summary>
internal sealed class LineCapture() : TextWriter(CultureInfo.InvariantCulture)
{
    /// <summary>Big enough for any request line; a builder grown past it by a long exception is let go.</summary>
    private const int KeptBuilderChars = 8192;

    private StringBuilder _text = new(2048);
    private readonly Encoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>What was written since the last call with one newline at its end; null when nothing was.</summary>
    public EncodedLine? TakeLine()
    {
        var text = _text;
        var length = text.Length;
        if (length > 0 && text[length - 1] == '\n') length--;
        if (length > 0 && text[length - 1] == '\r') length--;
        if (length == 0)
        {
            text.Clear();
            return null;
        }
        text.Length = length;

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length) + 1);
        var written = 0;
        _utf8.Reset();
        foreach (var chunk in text.GetChunks())
            written += _utf8.GetBytes(chunk.Span, rented.AsSpan(written), flush: false);
        written += _utf8.GetBytes(ReadOnlySpan<char>.Empty, rented.AsSpan(written), flush: true);
        rented[written++] = (byte)'\n';

        text.Clear();
        if (text.Capacity > KeptBuilderChars) _text = new StringBuilder(2048);
        return new EncodedLine(rented, written);
    }

    public override void Write(char value) => _text.Append(value);

    public override void Write(string? value) => _text.Append(value);

    public override void Write(char[] buffer, int index, int count) => _text.Append(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => _text.Append(buffer);
}
