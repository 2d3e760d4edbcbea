using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// Walks HOCON text as its tokenizer does for what lies outside values: quoted and triple-quoted strings
/// and comments (<c>#</c>, <c>//</c>) are skipped whole, so a bracket or comma inside them is never seen.
/// Not a parser: Akka's reads the text; this only lets the checks around it look at its punctuation.
/// </summary>
public static class HoconText
{
    /// <summary>
    /// Each character outside strings and comments (newlines included), with its index and line; a quoted
    /// string is given once, by its opening quote.
    /// </summary>
    public static IEnumerable<(int Index, int Line)> Code(string text, string origin)
    {
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                yield return (i, line);
                i = SkipString(text, i, ref line, origin);
                continue;
            }
            yield return (i, line);
            if (c == '\n') line++;
        }
    }

    private static int SkipString(string text, int start, ref int line, string origin)
    {
        if (string.CompareOrdinal(text, start, "\"\"\"", 0, 3) == 0)
        {
            var end = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            if (end < 0) throw new ConfigException(origin, $"not valid HOCON: '\"\"\"' opened on line {line} is never closed");
            line += text.AsSpan(start, end - start).Count('\n');
            return end + 2;
        }
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') return i;
            if (text[i] == '\n') break;
        }
        throw new ConfigException(origin, $"not valid HOCON: string opened on line {line} is never closed");
    }
}
