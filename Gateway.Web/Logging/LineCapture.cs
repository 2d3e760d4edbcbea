using System.Globalization;
using System.Text;

namespace Gateway.Web.Logging;

/// <summary>
/// The text writer a formatter writes one log entry into. The framework's JSON formatter hands over the
/// whole entry as one string and then a newline; that string is kept as it is, where a StringWriter
/// would copy it and copy it again for <c>ToString</c> (two needless copies of about 2 KB per request
/// line). Formatters that write in pieces (the simple one) are gathered in a builder as usual.
/// </summary>
internal sealed class LineCapture() : TextWriter(CultureInfo.InvariantCulture)
{
    /// <summary>Big enough for any request line; a builder grown past it by a long exception is let go.</summary>
    private const int KeptBuilderChars = 4096;

    /// <summary>The entry while it is one string, and the newline written after it, if one was.</summary>
    private string? _whole;
    private string? _newLineAfterWhole;
    private StringBuilder? _pieces;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>What was written since the last call, without its final newline; null when nothing was.</summary>
    public string? TakeLine()
    {
        var line = _whole;
        if (_pieces is { Length: > 0 } pieces)
        {
            line = pieces.ToString();
            pieces.Clear();
            if (pieces.Capacity > KeptBuilderChars) _pieces = null;
        }
        _whole = null;
        _newLineAfterWhole = null;
        return line is null ? null : WithoutFinalNewLine(line);
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (_whole is null && _pieces is not { Length: > 0 })
            _whole = value;
        else if (_whole is not null && _newLineAfterWhole is null && value is "\n" or "\r\n")
            _newLineAfterWhole = value;
        else
            Pieces().Append(value);
    }

    public override void Write(char value) => Pieces().Append(value);

    public override void Write(char[] buffer, int index, int count) => Write(new ReadOnlySpan<char>(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (!buffer.IsEmpty) Pieces().Append(buffer);
    }

    /// <summary>Anything after the one whole string (and its newline) goes into the builder, behind them.</summary>
    private StringBuilder Pieces()
    {
        var pieces = _pieces ??= new StringBuilder(256);
        if (_whole is not null)
        {
            pieces.Append(_whole).Append(_newLineAfterWhole);
            _whole = null;
            _newLineAfterWhole = null;
        }
        return pieces;
    }

    private static string WithoutFinalNewLine(string line) =>
        line.EndsWith("\r\n", StringComparison.Ordinal) ? line[..^2]
        : line.EndsWith('\n') ? line[..^1]
        : line;
}
