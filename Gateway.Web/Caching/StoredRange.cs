using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>
/// Which part of a stored 200 a GET's <c>Range</c> asks for (RFC 9110 §14): one byte range is answered
/// with 206 from memory; a range that starts past the end with 416. What the gateway does not serve as a
/// range it serves whole, as §14.2 allows a server to do with any Range: a stored status other than 200,
/// a unit other than bytes, several ranges (no multipart/byteranges from memory), a Range that cannot be
/// read, or an <c>If-Range</c> that does not match (§13.1.5).
/// </summary>
public readonly record struct StoredRange(StoredRange.Kind Answer, long Start, long Length)
{
    public enum Kind : byte { Whole, Partial, Unsatisfiable }

    private static readonly StoredRange Whole = new(Kind.Whole, 0, 0);

    public static StoredRange For(HttpRequest request, CachedResponse stored)
    {
        var range = request.Headers.Range;
        if (StringValues.IsNullOrEmpty(range) || !HttpMethods.IsGet(request.Method) || stored.StatusCode != StatusCodes.Status200OK)
            return Whole;
        if (range.Count != 1 || !RangeHeaderValue.TryParse(range.ToString(), out var parsed)
            || !parsed.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) || parsed.Ranges.Count != 1
            || !StoredPreconditions.RangeApplies(request.Headers, stored))
            return Whole;

        var length = (long)stored.Body.Length;
        var item = parsed.Ranges.Single();
        if (item.From is { } from)
        {
            // first-pos past the end: nothing to send (§14.1.1: unsatisfiable).
            if (from >= length) return new StoredRange(Kind.Unsatisfiable, 0, 0);
            var last = item.To is { } to && to < length ? to : length - 1;
            return new StoredRange(Kind.Partial, from, last - from + 1);
        }
        // A suffix: the last N bytes, all of them if the body is shorter; zero bytes is unsatisfiable.
        var suffix = Math.Min(item.To ?? 0, length);
        return suffix <= 0 ? new StoredRange(Kind.Unsatisfiable, 0, 0) : new StoredRange(Kind.Partial, length - suffix, suffix);
    }
}
