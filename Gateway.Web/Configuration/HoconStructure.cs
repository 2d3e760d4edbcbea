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
        foreach (var (i, line) in HoconText.Code(text, origin))
        {
            var c = text[i];
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
}
