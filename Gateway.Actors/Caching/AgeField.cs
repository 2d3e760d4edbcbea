namespace Gateway.Actors.Caching;

/// <summary>
/// The <c>Age</c> response field (RFC 9111 §5.1): how long the response had already spent in caches
/// before this one, read as the RFC says to read a field that should be a singleton but is not always.
/// </summary>
public static class AgeField
{
    /// <summary>
    /// The age the field gives, or zero when it is absent or ignored. Of a list (one line <c>10, 20</c> or
    /// several lines) the first member counts and the rest are discarded; a first member that is not
    /// delta-seconds (<c>abc</c>, <c>-5</c>, <c>1.5</c>, <c>7200;foo=bar</c>) makes the cache ignore the field
    /// (RFC 9111 §5.1). 2^31 seconds or more is taken as 2^31 (§1.2.2), which no lifetime outlasts.
    /// </summary>
    public static TimeSpan Parse(IEnumerable<string?> fieldLines)
    {
        var first = FirstMember(fieldLines);
        if (first is null) return TimeSpan.Zero;
        var age = DeltaDirective.Read(first, quoted: false, broken: false, optional: false);
        return age.Value ?? TimeSpan.Zero;
    }

    /// <summary>The first non-empty list member across the lines (RFC 9110 §5.6.1: empty members do not count).</summary>
    private static string? FirstMember(IEnumerable<string?> fieldLines)
    {
        foreach (var line in fieldLines)
        {
            if (line is null) continue;
            foreach (var member in line.Split(',', StringSplitOptions.TrimEntries))
                if (member.Length > 0) return member;
        }
        return null;
    }
}
