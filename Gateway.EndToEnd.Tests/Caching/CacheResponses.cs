namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>Reading the cache's headers off a response.</summary>
public static class CacheResponses
{
    public static string? XCache(this HttpResponseMessage response) => response.Header("X-Cache");

    public static string? CacheStatus(this HttpResponseMessage response) => response.Header("Cache-Status");

    public static string? Serial(this HttpResponseMessage response) => response.Header("X-Serial");

    /// <summary>The Age header in whole seconds, or null.</summary>
    public static long? AgeSeconds(this HttpResponseMessage response) =>
        response.Header("Age") is { } age ? long.Parse(age, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The <c>ttl</c> parameter of the gateway's Cache-Status member, or null.</summary>
    public static long? CacheStatusTtl(this HttpResponseMessage response)
    {
        var member = response.CacheStatus() ?? "";
        foreach (var parameter in member.Split(';', StringSplitOptions.TrimEntries))
            if (parameter.StartsWith("ttl=", StringComparison.Ordinal)) return long.Parse(parameter[4..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>
    /// <paramref name="hit"/> is a fresh hit (stored within the last second, 30 s to live) that replays
    /// <paramref name="miss"/>, the response it stored: same origin answer, same body, same length.
    /// </summary>
    public static async Task AssertFreshHitReplaysAsync(HttpResponseMessage miss, HttpResponseMessage hit)
    {
        Assert.Equal("HIT", hit.XCache());
        Assert.Matches(@"^Gateway; hit; ttl=(29|30)$", hit.CacheStatus());
        Assert.InRange(hit.AgeSeconds()!.Value, 0, 1);
        Assert.Equal(miss.Serial(), hit.Serial());
        Assert.Equal(await miss.Content.ReadAsStringAsync(), await hit.Content.ReadAsStringAsync());
        Assert.Equal(miss.Content.Headers.ContentLength, hit.Content.Headers.ContentLength);
    }

    /// <summary>
    /// <paramref name="head"/> is a HEAD answered from the cache with <paramref name="get"/>'s stored response:
    /// its status, origin answer and length, and no body.
    /// </summary>
    public static async Task AssertHeadHitOfAsync(HttpResponseMessage get, HttpResponseMessage head)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("HIT", head.XCache());
        Assert.Equal(get.Serial(), head.Serial());
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    /// <summary>All values of a response or content header, joined; null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
