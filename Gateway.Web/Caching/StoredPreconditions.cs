using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>What a request's preconditions say about a stored response (RFC 9110 §13.2.2).</summary>
public enum PreconditionVerdict : byte
{
    /// <summary>None failed: answer with the stored response (or a range of it).</summary>
    Proceed,

    /// <summary><c>If-None-Match</c> matched, or <c>If-Modified-Since</c> found it unmodified: 304.</summary>
    NotModified,

    /// <summary><c>If-Match</c> or <c>If-Unmodified-Since</c> failed: 412.</summary>
    PreconditionFailed,
}

/// <summary>
/// Evaluates a GET or HEAD's preconditions against the response the cache holds, in the order RFC 9110
/// §13.2.2 gives, as the origin would against its current representation (RFC 9111 §4.3.2): the stored
/// <c>ETag</c> and <c>Last-Modified</c> stand for it. A precondition whose field cannot be read is ignored
/// (RFC 9110 §13.1: a recipient must ignore a malformed conditional field, not fail the request).
/// </summary>
public static class StoredPreconditions
{
    public static PreconditionVerdict Evaluate(IHeaderDictionary request, CachedResponse stored)
    {
        var ifMatch = request.IfMatch;
        if (!StringValues.IsNullOrEmpty(ifMatch))
        {
            // §13.1.1: strong comparison; "*" is true since a representation exists.
            if (TryParseTags(ifMatch, out var tags) && !AnyMatches(tags, ETagOf(stored), strong: true))
                return PreconditionVerdict.PreconditionFailed;
        }
        else if (TryParseDate(request.IfUnmodifiedSince, out var unmodifiedSince)
                 && LastModifiedOf(stored) is { } lastModified && lastModified > unmodifiedSince)
        {
            // §13.1.4: without a Last-Modified the condition cannot be evaluated and is ignored.
            return PreconditionVerdict.PreconditionFailed;
        }

        var ifNoneMatch = request.IfNoneMatch;
        if (!StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            // §13.1.2: weak comparison; "*" matches any current representation.
            return TryParseTags(ifNoneMatch, out var tags) && AnyMatches(tags, ETagOf(stored), strong: false)
                ? PreconditionVerdict.NotModified
                : PreconditionVerdict.Proceed;
        }
        // §13.1.3: If-Modified-Since only without If-None-Match, and only against a Last-Modified.
        if (TryParseDate(request.IfModifiedSince, out var modifiedSince)
            && LastModifiedOf(stored) is { } modified && modified <= modifiedSince)
            return PreconditionVerdict.NotModified;
        return PreconditionVerdict.Proceed;
    }

    /// <summary>
    /// Whether an <c>If-Range</c> lets the range apply (§13.1.5): an entity-tag that matches the stored one
    /// strongly, or a date equal to the stored <c>Last-Modified</c>. Absent: yes.
    /// </summary>
    public static bool RangeApplies(IHeaderDictionary request, CachedResponse stored)
    {
        var ifRange = request[HeaderNames.IfRange];
        if (StringValues.IsNullOrEmpty(ifRange)) return true;
        var text = ifRange.ToString();
        if (EntityTagHeaderValue.TryParse(text, out var tag))
            return !tag.IsWeak && ETagOf(stored) is { IsWeak: false } stored1 && tag.Compare(stored1, useStrongComparison: true);
        return HeaderUtilities.TryParseDate(text, out var date) && LastModifiedOf(stored) == date;
    }

    public static EntityTagHeaderValue? ETagOf(CachedResponse stored) =>
        stored.SingleValue(HeaderNames.ETag) is { } text && EntityTagHeaderValue.TryParse(text, out var tag) ? tag : null;

    private static DateTimeOffset? LastModifiedOf(CachedResponse stored) =>
        stored.SingleValue(HeaderNames.LastModified) is { } text && HeaderUtilities.TryParseDate(text, out var date) ? date : null;


    private static bool TryParseTags(StringValues values, out IList<EntityTagHeaderValue> tags) =>
        EntityTagHeaderValue.TryParseList(values.ToArray()!, out tags!);

    private static bool AnyMatches(IList<EntityTagHeaderValue> tags, EntityTagHeaderValue? current, bool strong)
    {
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any)) return true;
            if (current is not null && tag.Compare(current, strong)) return true;
        }
        return false;
    }

    private static bool TryParseDate(StringValues value, out DateTimeOffset date)
    {
        date = default;
        // A list of dates is not a date (§13.1.3: ignore a field with more than one value or an invalid one).
        return value.Count == 1 && HeaderUtilities.TryParseDate(value.ToString(), out date);
    }
}
