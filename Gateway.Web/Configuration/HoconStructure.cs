using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// Akka's HOCON parser forgives an unclosed '{' or '[' at the end of a file and quietly returns what
/// it read, so a half-written overlay would start the gateway on a config nobody wrote. This check
/// walks the text (skipping strings and comments) and refuses unbalanced brackets, naming the line.
/// </summary>
public static class HoconStructure
{
    public static void Check(string text, string origin)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; continue; }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                i = SkipString(text, i, ref line, origin);
                continue;
            }
            if (c is '{' or '[') open.Push((c, line));
            else if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0 || open.Peek().Bracket != expected)
                    throw new ConfigException(origin, $"not valid HOCON: unexpected '{c}' on line {line}");
                open.Pop();
            }
        }
        if (open.Count > 0)
        {
            var (bracket, at) = open.Peek();
            throw new ConfigException(origin, $"not valid HOCON: '{bracket}' opened on line {at} is never closed");
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
