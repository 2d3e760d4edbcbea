namespace Gateway.Actors.Caching;

/// <summary>
/// A <c>Cache-Control</c> field (RFC 9111 §5.2) read directive by directive, by name, so that one bad
/// directive or one bad field line never hides the others: a <c>private</c> or <c>no-store</c> is seen
/// wherever it stands. What could not be read is kept as <see cref="Malformed"/> (a syntax error) or as
/// an <see cref="DirectiveState.Invalid"/> argument, and the rules treat both as "do not trust this
/// response to be fresh" instead of as "no directives".
/// </summary>
/// <remarks>
/// Grammar (RFC 9110 §5.6.1, §5.6.2, §5.6.4; RFC 9111 §5.2):
/// <c>#( token [ "=" ( token / quoted-string ) ] )</c>, names compared case-insensitively; empty list
/// elements are allowed. Whitespace around <c>=</c> is not in the grammar and counts as malformed.
/// </remarks>
public sealed class CacheControlDirectives
{
    /// <summary>RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31.</summary>
    public static readonly TimeSpan DeltaSecondsCap = TimeSpan.FromSeconds(2147483648L);

    /// <summary>No field at all.</summary>
    public static readonly CacheControlDirectives None = new();

    public bool NoStore { get; private set; }
    /// <summary><c>no-cache</c>, with or without field names (a qualified one counts as unqualified).</summary>
    public bool NoCache { get; private set; }
    /// <summary><c>private</c>, with or without field names (a qualified one counts as unqualified).</summary>
    public bool Private { get; private set; }
    public bool Public { get; private set; }
    public bool MustRevalidate { get; private set; }
    public bool ProxyRevalidate { get; private set; }
    public bool OnlyIfCached { get; private set; }
    /// <summary><c>must-understand</c> (§5.2.2.3): store only if the status code's caching rules are understood; then ignore <c>no-store</c>.</summary>
    public bool MustUnderstand { get; private set; }

    public DeltaDirective MaxAge { get; private set; }
    public DeltaDirective SharedMaxAge { get; private set; }
    public DeltaDirective MinFresh { get; private set; }
    /// <summary><c>max-stale</c>: its argument is optional; present without one means any staleness.</summary>
    public DeltaDirective MaxStale { get; private set; }
    public DeltaDirective StaleWhileRevalidate { get; private set; }
    public DeltaDirective StaleIfError { get; private set; }

    /// <summary>Some part of the field is not valid syntax (e.g. an unterminated quoted string, a stray character).</summary>
    public bool Malformed { get; private set; }

    /// <summary>A freshness directive (<c>max-age</c>, <c>s-maxage</c>) is malformed or duplicated (RFC 9111 §4.2.1: stale).</summary>
    public bool HasInvalidFreshness => MaxAge.State == DirectiveState.Invalid || SharedMaxAge.State == DirectiveState.Invalid;

    private CacheControlDirectives()
    {
    }

    /// <summary>Reads every field line of the field; several lines are one list (RFC 9110 §5.3).</summary>
    public static CacheControlDirectives Parse(IEnumerable<string?> fieldLines)
    {
        CacheControlDirectives? directives = null;
        foreach (var line in fieldLines)
        {
            if (string.IsNullOrEmpty(line)) continue;
            directives ??= new CacheControlDirectives();
            directives.ReadLine(line);
        }
        return directives ?? None;
    }

    public static CacheControlDirectives Parse(string? fieldLine) => Parse([fieldLine]);

    /// <summary>
    /// Directives another parser has already split (a targeted field's Structured Fields members, RFC 9213),
    /// each applied as if read from a Cache-Control line. <c>Argument</c> is the token form of the value,
    /// or null for none; <c>Unusable</c> marks a value of the wrong type, which invalidates a delta-seconds directive.
    /// </summary>
    internal static CacheControlDirectives FromDirectives(IEnumerable<(string Name, string? Argument, bool Unusable)> directives)
    {
        var read = new CacheControlDirectives();
        foreach (var (name, argument, unusable) in directives) read.Apply(name, argument, quoted: false, argumentBroken: unusable);
        return read;
    }

    private void ReadLine(string line)
    {
        var position = 0;
        while (position < line.Length)
        {
            SkipWhitespace(line, ref position);
            if (position == line.Length) return;
            if (line[position] == ',')
            {
                position++;
                continue;
            }

            if (!TryReadDirective(line, ref position, out var name, out var argument, out var quoted))
            {
                Malformed = true;
                SkipToNextElement(line, ref position);
                // The name is still honoured when it was read: a bad argument never hides a no-store.
                if (name.Length > 0) Apply(name, argument: null, quoted: false, argumentBroken: true);
                continue;
            }
            Apply(name, argument, quoted, argumentBroken: false);
        }
    }

    /// <summary>Reads one element and the separator after it; false on a syntax error, with whatever name was read.</summary>
    private static bool TryReadDirective(string line, ref int position, out string name, out string? argument, out bool quoted)
    {
        argument = null;
        quoted = false;
        var start = position;
        while (position < line.Length && IsTokenChar(line[position])) position++;
        name = line[start..position];
        if (name.Length == 0) return false;

        if (position < line.Length && line[position] == '=')
        {
            position++;
            if (position < line.Length && line[position] == '"')
            {
                quoted = true;
                if (!TryReadQuotedString(line, ref position, out argument)) return false;
            }
            else
            {
                var valueStart = position;
                while (position < line.Length && IsTokenChar(line[position])) position++;
                if (position == valueStart) return false;
                argument = line[valueStart..position];
            }
        }

        SkipWhitespace(line, ref position);
        if (position == line.Length) return true;
        if (line[position] != ',') return false;
        position++;
        return true;
    }

    private static bool TryReadQuotedString(string line, ref int position, out string? value)
    {
        var builder = new System.Text.StringBuilder();
        position++; // the opening quote
        while (position < line.Length)
        {
            var c = line[position++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }
            if (c == '\\')
            {
                if (position == line.Length) break;
                c = line[position++];
            }
            builder.Append(c);
        }
        value = null;
        return false;
    }

    /// <summary>After a syntax error: on to the comma that ends this element, outside any quoted string.</summary>
    private static void SkipToNextElement(string line, ref int position)
    {
        var inQuotes = false;
        while (position < line.Length)
        {
            var c = line[position++];
            if (inQuotes && c == '\\') position++;
            else if (c == '"') inQuotes = !inQuotes;
            else if (c == ',' && !inQuotes) return;
        }
    }

    private void Apply(string name, string? argument, bool quoted, bool argumentBroken)
    {
        // A delta-seconds directive seen once more: this occurrence's value, or invalid if it was there already.
        DeltaDirective Again(DeltaDirective current, bool optional = false) =>
            current.Add(DeltaDirective.Read(argument, quoted, argumentBroken, optional));

        switch (name.ToLowerInvariant())
        {
            case "no-store": NoStore = true; break;
            case "no-cache": NoCache = true; break;
            case "private": Private = true; break;
            case "public": Public = true; break;
            case "must-revalidate": MustRevalidate = true; break;
            case "proxy-revalidate": ProxyRevalidate = true; break;
            case "only-if-cached": OnlyIfCached = true; break;
            case "must-understand": MustUnderstand = true; break;
            case "max-age": MaxAge = Again(MaxAge); break;
            case "s-maxage": SharedMaxAge = Again(SharedMaxAge); break;
            case "min-fresh": MinFresh = Again(MinFresh); break;
            case "max-stale": MaxStale = Again(MaxStale, optional: true); break;
            case "stale-while-revalidate": StaleWhileRevalidate = Again(StaleWhileRevalidate); break;
            case "stale-if-error": StaleIfError = Again(StaleIfError); break;
            // RFC 9111 §5.2.3: a directive this cache does not know is ignored.
        }
    }

    private static void SkipWhitespace(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t') position++;
    }

    /// <summary>RFC 9110 §5.6.2 tchar.</summary>
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}

public enum DirectiveState : byte
{
    Absent,
    Present,
    /// <summary>Present but unusable: a malformed argument, a quoted delta-seconds, or more than once.</summary>
    Invalid,
}

/// <summary>
/// A directive whose argument is delta-seconds (RFC 9111 §1.2.2): 1*DIGIT in token form. A value of
/// 2^31 or more is capped at 2^31, not refused. <see cref="Value"/> is null when absent, invalid, or
/// present without its optional argument (<c>max-stale</c>).
/// </summary>
public readonly record struct DeltaDirective(DirectiveState State, TimeSpan? Value)
{
    public bool IsPresent => State == DirectiveState.Present;

    /// <summary>A second occurrence of the same directive makes it invalid (RFC 9111 §4.2.1).</summary>
    internal DeltaDirective Add(DeltaDirective next) =>
        State == DirectiveState.Absent ? next : new DeltaDirective(DirectiveState.Invalid, null);

    internal static DeltaDirective Read(string? argument, bool quoted, bool broken, bool optional)
    {
        if (broken || quoted) return new(DirectiveState.Invalid, null);
        if (argument is null) return optional ? new(DirectiveState.Present, null) : new(DirectiveState.Invalid, null);
        foreach (var c in argument)
            if (c is < '0' or > '9') return new(DirectiveState.Invalid, null);
        // Digits only: leading zeros are fine, and anything longer than 10 digits is past the cap anyway.
        var seconds = argument.Length > 10 ? long.MaxValue : long.Parse(argument, System.Globalization.CultureInfo.InvariantCulture);
        var value = seconds >= (long)CacheControlDirectives.DeltaSecondsCap.TotalSeconds
            ? CacheControlDirectives.DeltaSecondsCap
            : TimeSpan.FromSeconds(seconds);
        return new(DirectiveState.Present, value);
    }
}
