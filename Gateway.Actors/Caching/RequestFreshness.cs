namespace Gateway.Actors.Caching;

/// <summary>
/// What a request's own Cache-Control asks of a stored response (RFC 9111 §5.2.1): <c>max-age</c>, no
/// older than that; <c>min-fresh</c>, fresh for at least that much longer. Compared in whole seconds, the
/// unit of the directives and of the <c>Age</c> the response will carry, so <c>max-age=0</c> accepts a
/// response whose <c>Age</c> is 0. <c>max-stale</c> (§5.2.1.2) also takes a response stale by no more than
/// <see cref="MaxStale"/> (<see cref="TimeSpan.MaxValue"/>: any), unless it must be revalidated.
/// </summary>
public sealed record RequestFreshness(TimeSpan? MaxAge, TimeSpan? MinFresh, TimeSpan? MaxStale = null)
{
    /// <summary>Whether a stored response that is stale at <paramref name="now"/> will do for this request.</summary>
    public bool AcceptsStale(CachedResponse stored, DateTimeOffset now) =>
        MaxStale is { } maxStale && !stored.MustRevalidate
        && (maxStale == TimeSpan.MaxValue || WholeSeconds(now - stored.ExpiresAt) <= WholeSeconds(maxStale))
        && (MaxAge is not { } maxAge || WholeSeconds(stored.AgeAt(now)) <= WholeSeconds(maxAge));

    public bool Accepts(CachedResponse stored, DateTimeOffset now)
    {
        if (MaxAge is { } maxAge && WholeSeconds(stored.AgeAt(now)) > WholeSeconds(maxAge)) return false;
        return MinFresh is not { } minFresh || WholeSeconds(stored.ExpiresAt - now) >= WholeSeconds(minFresh);
    }

    private static long WholeSeconds(TimeSpan span) => (long)Math.Floor(span.TotalSeconds);
}
