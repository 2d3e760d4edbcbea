namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// Asks a cached route of a <see cref="CacheOrigin"/> the same thing twice, and checks whether the first
/// answer was stored (the second replays it, the origin called once) or not (both forwarded, with the reason).
/// </summary>
/// <param name="route">The route's prefix, e.g. <c>/up</c>; the origin's <c>/r/{name}</c> follows it.</param>
public sealed class StoreChecks(GatewayWithCacheOrigin system, string route = "/up")
{
    /// <summary>Asks twice; returns both responses.</summary>
    public async Task<(HttpResponseMessage First, HttpResponseMessage Second)> TwiceAsync(string name, string query, Action<HttpRequestMessage>? prepare = null)
    {
        var responses = new HttpResponseMessage[2];
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, system.Url($"{route}/r/{name}?{query}"));
            prepare?.Invoke(request);
            responses[i] = await system.Client.SendAsync(request);
        }
        return (responses[0], responses[1]);
    }

    public async Task AssertNotStoredAsync(string name, string query, string reason, Action<HttpRequestMessage>? prepare = null)
    {
        var (first, second) = await TwiceAsync(name, query, prepare);
        using (first)
        using (second)
            AssertNotStored(name, reason, first, second);
    }

    /// <param name="missTtl">When given: the freshness the MISS must say it had left (its Cache-Status <c>ttl</c>).</param>
    public async Task AssertStoredAsync(string name, string query, Action<HttpRequestMessage>? prepare = null, long? missTtl = null)
    {
        var (miss, hit) = await TwiceAsync(name, query, prepare);
        using (miss)
        using (hit)
        {
            AssertStored(name, miss, hit);
            if (missTtl is not null) Assert.Equal($"Gateway; fwd=uri-miss; ttl={missTtl}", miss.CacheStatus());
        }
    }

    /// <summary>Both forwarded, the first saying why it was not stored (<c>detail</c>).</summary>
    public void AssertNotStored(string name, string reason, HttpResponseMessage first, HttpResponseMessage second)
    {
        Assert.Equal("MISS", first.XCache());
        Assert.Equal($"Gateway; fwd=uri-miss; detail={reason}", first.CacheStatus());
        Assert.Equal("MISS", second.XCache());
        Assert.NotEqual(first.Serial(), second.Serial());
        Assert.Equal(2, system.Origin.CallsTo(name));
    }

    /// <summary>The second a hit replaying the first (status, origin answer), the origin called once.</summary>
    public void AssertStored(string name, HttpResponseMessage miss, HttpResponseMessage hit)
    {
        Assert.Equal("MISS", miss.XCache());
        Assert.Equal("HIT", hit.XCache());
        Assert.Equal(miss.StatusCode, hit.StatusCode);
        Assert.Equal(miss.Serial(), hit.Serial());
        Assert.Equal(1, system.Origin.CallsTo(name));
    }
}
