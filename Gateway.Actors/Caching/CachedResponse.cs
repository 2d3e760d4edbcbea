using System.Collections.Immutable;

namespace Gateway.Actors.Caching;

/// <summary>One header of a cached response, all of its values in the order the origin sent them.</summary>
public sealed record CachedHeader(string Name, ImmutableArray<string> Values)
{
    public CachedHeader(string name, params string[] values) : this(name, values.ToImmutableArray()) { }
}

/// <summary>
/// A response as the cache keeps it. Immutable and self-contained: the body is copied in on
/// construction, so no pooled or caller-owned buffer ever outlives the request that produced it.
/// </summary>
public sealed record CachedResponse
{
    /// <param name="statusCode">The origin's status code.</param>
    /// <param name="headers">End-to-end response headers to replay (the web layer drops hop-by-hop ones first).</param>
    /// <param name="body">The whole body; copied here.</param>
    /// <param name="storedAt">
    /// When the response was generated, on the actor system's clock (<c>ActorSystem.Scheduler.Now</c>).
    /// Subtract the origin's own <c>Age</c> header, if any, so ages and expiry count from the origin.
    /// </param>
    /// <param name="timeToLive">Freshness lifetime from <paramref name="storedAt"/> (see <see cref="SharedCacheRules"/>).</param>
    /// <param name="vary">
    /// The request fields the response varies on, with the values the filling request had: which variant of its key
    /// it is (RFC 9111 §4.1, <see cref="VaryValue"/>). Kept normalised, one value per field or none for an absent one.
    /// </param>
    public CachedResponse(
        int statusCode,
        IEnumerable<CachedHeader> headers,
        ReadOnlySpan<byte> body,
        DateTimeOffset storedAt,
        TimeSpan timeToLive,
        IEnumerable<CachedHeader>? vary = null)
    {
        StatusCode = statusCode;
        Headers = headers.ToImmutableArray();
        Body = body.ToArray();
        StoredAt = storedAt;
        TimeToLive = timeToLive;
        Vary = vary is null ? [] : VaryValue.Identity(vary);
        SizeBytes = Body.Length + SizeOf(Headers) + SizeOf(Vary);
    }

    public int StatusCode { get; }
    public ImmutableArray<CachedHeader> Headers { get; }
    public ReadOnlyMemory<byte> Body { get; }
    public DateTimeOffset StoredAt { get; }
    public TimeSpan TimeToLive { get; }
    /// <summary>Its variant's identity (see the constructor); empty when the response varies on nothing.</summary>
    public ImmutableArray<CachedHeader> Vary { get; }

    public DateTimeOffset ExpiresAt => StoredAt + TimeToLive;

    /// <summary>How long after expiry it may still be served while it is refreshed in the background (RFC 5861 §3).</summary>
    public TimeSpan StaleWhileRevalidate { get; init; }

    /// <summary>How long after expiry it may still be served when the upstream fails (RFC 5861 §4).</summary>
    public TimeSpan StaleIfError { get; init; }

    /// <summary>
    /// How long after expiry the cache keeps it: for the two windows above, and to revalidate it (when it has a
    /// validator). Zero: it goes when it expires.
    /// </summary>
    public TimeSpan KeepStale { get; init; }

    /// <summary><c>must-revalidate</c> or <c>proxy-revalidate</c> (RFC 9111 §5.2.2.2, §5.2.2.8): never served stale.</summary>
    public bool MustRevalidate { get; init; }

    /// <summary>The value of a stored field that has exactly one (a validator, say); null if absent or repeated.</summary>
    public string? SingleValue(string name)
    {
        foreach (var header in Headers)
            if (header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return header.Values.Length == 1 ? header.Values[0] : null;
        return null;
    }

    /// <summary>
    /// Whether it may answer a request in place of an upstream failure at <paramref name="now"/>: stale, within its
    /// stale-if-error window (RFC 5861 §4), and not to be revalidated first.
    /// </summary>
    public bool ServesOnErrorAt(DateTimeOffset now) => !MustRevalidate && IsStaleAt(now) && now - ExpiresAt < StaleIfError;

    /// <summary>Whether it has fallen out of its freshness lifetime at <paramref name="now"/>.</summary>
    public bool IsStaleAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>How long ago it was generated (never negative), on the clock <see cref="StoredAt"/> is on.</summary>
    public TimeSpan AgeAt(DateTimeOffset now)
    {
        var age = now - StoredAt;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>
    /// What the entry costs against the byte budget: the body plus the header text (UTF-16, as .NET
    /// holds it). Object overheads are left out; the budget is an estimate, not an allocator count.
    /// </summary>
    public long SizeBytes { get; }

    private static long SizeOf(ImmutableArray<CachedHeader> headers)
    {
        long chars = 0;
        foreach (var header in headers)
        {
            chars += header.Name.Length;
            foreach (var value in header.Values) chars += value.Length;
        }
        return chars * sizeof(char);
    }
}
