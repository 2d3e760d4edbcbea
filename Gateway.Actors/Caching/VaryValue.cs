using System.Collections.Immutable;
using System.Text;

namespace Gateway.Actors.Caching;

/// <summary>
/// A request's fields as RFC 9111 §4.1 compares them with a stored variant's: each by its name (any case),
/// as its normalised value (<see cref="VaryValue.Normalize{TLines}"/>), null when the request has no such field.
/// </summary>
public interface IVaryFields
{
    string? ValueOf(string name);
}

/// <summary>
/// RFC 9111 §4.1: which stored variant a request may be given. A variant's identity is the list of fields its
/// response's <c>Vary</c> names, each with the filling request's normalised value: one value, or none when that
/// request did not have the field (absent and empty are different values). A request matches a variant when it
/// has the same value for every one of them.
/// <para>
/// Normalising (§4.1's "adding or removing whitespace" and "combining multiple header field lines"): the field's
/// lines are read as one comma-separated list (RFC 9110 §5.3), each member trimmed of the whitespace around it
/// and empty members dropped (§5.6.1), and the members joined with <c>", "</c>; a quoted string is kept as it is.
/// So <c>gzip</c> and <c>br</c> on two lines equal <c>gzip ,br</c> on one. Nothing else is folded (case, order):
/// a field the origin would read as the same value costs a needless variant at worst, never a wrong answer.
/// </para>
/// </summary>
public static class VaryValue
{
    /// <summary>The value the field's lines make, normalised; null when it has none (absent).</summary>
    public static string? Normalize<TLines>(TLines lines) where TLines : IReadOnlyList<string?>
    {
        var count = lines.Count;
        if (count == 0) return null;
        // The common case, one line already in shape, costs a scan and no allocation.
        if (count == 1 && IsNormal(lines[0] ?? "")) return lines[0] ?? "";
        var joined = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var line = lines[i] ?? "";
            var position = 0;
            while (NextMember(line, ref position, out var start, out var end))
            {
                if (start == end) continue;
                if (joined.Length > 0) joined.Append(", ");
                joined.Append(line, start, end - start);
            }
        }
        return joined.ToString();
    }

    /// <summary>Whether the request may be given the variant <paramref name="identity"/> names.</summary>
    public static bool Matches<TFields>(ImmutableArray<CachedHeader> identity, TFields request) where TFields : IVaryFields
    {
        foreach (var field in identity)
            if (!string.Equals(ValueOf(field), request.ValueOf(field.Name), StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>The identity of the variant a request with <paramref name="fields"/> is given for a response that varies on <paramref name="names"/>.</summary>
    public static ImmutableArray<CachedHeader> IdentityOf<TFields>(IEnumerable<string> names, TFields fields) where TFields : IVaryFields
    {
        var identity = ImmutableArray.CreateBuilder<CachedHeader>();
        foreach (var name in names)
            identity.Add(fields.ValueOf(name) is { } value ? new CachedHeader(name, value) : new CachedHeader(name));
        return identity.ToImmutable();
    }

    /// <summary>The same fields with the same values, in any order: two responses for one variant.</summary>
    public static bool SameIdentity(ImmutableArray<CachedHeader> one, ImmutableArray<CachedHeader> other)
    {
        if (one.Length != other.Length) return false;
        foreach (var field in one)
        {
            var found = false;
            foreach (var candidate in other)
                if (candidate.Name.Equals(field.Name, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(ValueOf(candidate), ValueOf(field), StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            if (!found) return false;
        }
        return true;
    }

    /// <summary>An identity's fields as <see cref="Matches{TFields}"/> expects them (one normalised value or none); kept as they are when they already are.</summary>
    internal static ImmutableArray<CachedHeader> Identity(IEnumerable<CachedHeader> fields)
    {
        var identity = ImmutableArray.CreateBuilder<CachedHeader>();
        foreach (var field in fields)
            identity.Add(field.Values.Length == 0 || (field.Values.Length == 1 && IsNormal(field.Values[0]))
                ? field
                : new CachedHeader(field.Name, Normalize(field.Values)!));
        return identity.ToImmutable();
    }

    private static string? ValueOf(CachedHeader field) => field.Values.IsEmpty ? null : field.Values[0];

    /// <summary>Whether <see cref="Normalize{TLines}"/> would give the line back unchanged.</summary>
    private static bool IsNormal(string line)
    {
        var position = 0;
        var expectedStart = 0;
        while (NextMember(line, ref position, out var start, out var end))
        {
            // An empty member is dropped, so only the empty line itself is normal with one.
            if (start == end) return line.Length == 0;
            if (start != expectedStart) return false;
            if (end == line.Length) return true;
            if (line[end] != ',' || end + 1 >= line.Length || line[end + 1] != ' ') return false;
            expectedStart = end + 2;
        }
        return false;
    }

    /// <summary>
    /// The next member of a comma-separated list from <paramref name="position"/>: [<paramref name="start"/>,
    /// <paramref name="end"/>) without the whitespace around it; commas inside a quoted string do not separate.
    /// </summary>
    private static bool NextMember(string line, ref int position, out int start, out int end)
    {
        start = end = 0;
        if (position > line.Length) return false;
        var at = position;
        var quoted = false;
        for (; at < line.Length; at++)
        {
            var c = line[at];
            if (quoted)
            {
                if (c == '\\') at++;
                else if (c == '"') quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') break;
        }
        start = position;
        end = Math.Min(at, line.Length);
        while (start < end && IsWhitespace(line[start])) start++;
        while (end > start && IsWhitespace(line[end - 1])) end--;
        position = at + 1;
        return true;
    }

    /// <summary>RFC 9110 §5.6.3: OWS is spaces and horizontal tabs.</summary>
    private static bool IsWhitespace(char c) => c is ' ' or '\t';
}
