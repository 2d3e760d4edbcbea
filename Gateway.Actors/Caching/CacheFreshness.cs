namespace Gateway.Actors.Caching;

/// <summary>The <c>freshness</c> key: how long a stored response stays fresh.</summary>
public enum CacheFreshness
{
    /// <summary><c>ttl</c>: the route's <c>ttl</c> for a response that gives no lifetime; an origin lifetime may shorten it (lengthen it with <c>respect-origin-max-age</c>).</summary>
    Ttl,

    /// <summary>
    /// <c>origin-exact</c>: only the origin's explicit lifetime (<c>s-maxage</c>, <c>max-age</c>, <c>Expires</c>),
    /// as it is; a response without one is not stored, since no lifetime is invented (RFC 9111 §4.2.2 allows, never requires, one).
    /// </summary>
    OriginExact,
}
