namespace Gateway.Web.Configuration;

/// <summary>
/// HOCON separates the fields of an object with a comma or a newline alike, but Akka's parser (1.5) refuses
/// the comma after a field written <c>key { ... }</c> (the object shorthand, no '=' or ':'), as in
/// <c>cache { enabled = off }, circuit-breaker { max-failures = 3 }</c> ("Unknown token at position N").
/// Such a comma is given to it as the newline it stands for, one character for another, so positions in
/// anything Akka reports stay true. Only there: the '}' must close a shorthand object, the comma must
/// follow it on the same line and stand inside an object (not an array, not after the file's own braces).
/// Anything else (a comma in a string or comment, a comma after <c>key = { ... }</c>, which Akka reads,
/// after an object concatenation <c>key { } { }</c>, which it misreads even on separate lines) is left
/// as written, for Akka to read or refuse as before.
/// </summary>
public static class HoconFieldCommas
{
    private enum Kind { Object, Shorthand, Array, Substitution }

    public static string AsNewlines(string text, string origin)
    {
        char[]? rewritten = null;
        var open = new Stack<Kind>();
        bool? rootBraced = null;
        var expectKey = true;
        var inKey = false;
        var afterShorthand = false;
        foreach (var (i, _) in HoconText.Code(text, origin))
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r') continue;
            rootBraced ??= c == '{';
            var inObject = open.Count == 0 ? rootBraced == false : open.Peek() is Kind.Object or Kind.Shorthand;
            var closedShorthand = false;
            switch (c)
            {
                case '{' when i > 0 && text[i - 1] == '$':
                    open.Push(Kind.Substitution);
                    break;
                case '{':
                    open.Push(inKey ? Kind.Shorthand : Kind.Object);
                    expectKey = true;
                    inKey = false;
                    break;
                case '[':
                    open.Push(Kind.Array);
                    expectKey = inKey = false;
                    break;
                case '}' or ']':
                    closedShorthand = open.Pop() == Kind.Shorthand;
                    expectKey = inKey = false;
                    break;
                case ',' or '\n':
                    if (c == ',' && afterShorthand && inObject) (rewritten ??= text.ToCharArray())[i] = '\n';
                    expectKey = inObject;
                    inKey = false;
                    break;
                case '=' or ':':
                    expectKey = inKey = false;
                    break;
                default:
                    if (expectKey) inKey = true;
                    expectKey = false;
                    break;
            }
            afterShorthand = closedShorthand;
        }
        return rewritten is null ? text : new string(rewritten);
    }
}
