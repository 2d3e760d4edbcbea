namespace Gateway.Actors.Caching;

/// <summary>
/// <c>CDN-Cache-Control</c> (RFC 9213): cache directives addressed to CDN caches, which the gateway,
/// caching on its origins' behalf, takes as addressed to itself. Its target list is that one field.
/// </summary>
public static class TargetedCacheControl
{
    public const string FieldName = "CDN-Cache-Control";

    private static readonly HashSet<string> DeltaSeconds = ["max-age", "s-maxage", "stale-while-revalidate", "stale-if-error"];

    // Each narrows what may be done with the response, so it is obeyed whatever value it came with.
    private static readonly HashSet<string> Restrictive = ["no-store", "no-cache", "private", "must-revalidate", "proxy-revalidate"];

    /// <summary>
    /// The field's directives, or null when the field is absent, empty or not a valid Dictionary Structured
    /// Field: RFC 9213 §2.2 and §2.1 then have the cache ignore it and fall back to <c>Cache-Control</c> and
    /// <c>Expires</c>. When this returns directives, both of those are to be ignored (§2.1).
    /// </summary>
    /// <remarks>
    /// §2.2: a value that is not of a directive's inferred type SHOULD NOT be consumed. Read the safe way:
    /// a <c>max-age</c> or <c>s-maxage</c> that is not a non-negative Integer (<c>"60"</c>, <c>1.5</c>, <c>-1</c>,
    /// <c>?1</c>) is invalid, which makes the response stale (RFC 9111 §4.2.1), as in <c>Cache-Control</c>; a
    /// directive that only restricts (<c>no-store</c>, <c>private</c>, ...) counts with any value; one that
    /// widens what may be shared (<c>public</c>, <c>must-understand</c>) counts only as Boolean true.
    /// </remarks>
    public static CacheControlDirectives? Parse(IEnumerable<string?> fieldLines)
    {
        var members = StructuredDictionary.TryParse(fieldLines);
        if (members is null || members.Count == 0) return null;
        return CacheControlDirectives.FromDirectives(members.Select(AsDirective).OfType<(string, string?, bool)>());
    }

    private static (string Name, string? Argument, bool Unusable)? AsDirective(StructuredMember member)
    {
        if (DeltaSeconds.Contains(member.Key))
            return member.Kind == StructuredKind.Integer ? (member.Key, member.Value, false) : (member.Key, null, true);
        if (Restrictive.Contains(member.Key)) return (member.Key, null, false);
        return member is { Kind: StructuredKind.Boolean, Value: "1" } ? (member.Key, null, false) : null;
    }
}
