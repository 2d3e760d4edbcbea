using System.Net;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>A successful unsafe request to a URI drops the entry stored for it (RFC 9111 §4.4).</summary>
public sealed class InvalidationTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    private async Task<string?> StoreAsync(string pathAndQuery)
    {
        using var miss = await _client.GetAsync(cache.Url(pathAndQuery));
        using var hit = await _client.GetAsync(cache.Url(pathAndQuery));
        Assert.Equal("HIT", hit.XCache());
        return hit.Serial();
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task UnsafeMethod_InvalidatesTheEntryForThatPathAndQuery(string method)
    {
        var path = $"/up/r/invalidate-{method}?v=1";
        var stored = await StoreAsync(path);

        using var change = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), cache.Url(path)) { Content = new StringContent("x") });
        using var after = await _client.GetAsync(cache.Url(path));

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("BYPASS", change.XCache());
        Assert.Equal("MISS", after.XCache());
        Assert.NotEqual(stored, after.Serial());
    }

    [Fact]
    public async Task UnsafeMethod_LeavesOtherQueriesAlone()
    {
        var stored = await StoreAsync("/up/r/invalidate-other?v=1");

        using var change = await _client.PostAsync(cache.Url("/up/r/invalidate-other?v=2"), new StringContent("x"));
        using var after = await _client.GetAsync(cache.Url("/up/r/invalidate-other?v=1"));

        Assert.Equal("HIT", after.XCache());
        Assert.Equal(stored, after.Serial());
    }

    [Fact]
    public async Task FailedUnsafeRequest_DoesNotInvalidate()
    {
        // A 404 is stored, and the origin answers the POST to the same URI with a 404 too: an error changes nothing.
        var stored = await StoreAsync("/up/r/invalidate-failed?status=404");

        using var failed = await _client.PostAsync(cache.Url("/up/r/invalidate-failed?status=404"), new StringContent("x"));
        using var after = await _client.GetAsync(cache.Url("/up/r/invalidate-failed?status=404"));

        Assert.Equal(HttpStatusCode.NotFound, failed.StatusCode);
        Assert.Equal("HIT", after.XCache());
        Assert.Equal(stored, after.Serial());
    }

    [Theory]
    [InlineData("Location")]
    [InlineData("Content-Location")]
    public async Task UnsafeMethod_4_4_AlsoInvalidatesTheSameOriginUriItsResponseNames(string field)
    {
        var named = $"/up/r/named-by-{field}?v=1";
        var stored = await StoreAsync(named);

        using var change = await _client.PostAsync(
            cache.Url($"/up/r/creator-{field}?header={Uri.EscapeDataString($"{field}: {named}")}"), new StringContent("x"));
        using var after = await _client.GetAsync(cache.Url(named));

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("MISS", after.XCache());
        Assert.NotEqual(stored, after.Serial());
    }

    [Theory]
    [InlineData("http://elsewhere.example/up/r/named-elsewhere?v=1")]   // another origin: not this cache's to drop
    [InlineData("http://127.0.0.1:1/up/r/named-elsewhere?v=1")]          // same host, another port: another origin
    public async Task UnsafeMethod_LeavesAnotherOriginsUriAlone(string location)
    {
        var stored = await StoreAsync("/up/r/named-elsewhere?v=1");

        using var change = await _client.PostAsync(
            cache.Url($"/up/r/creator-elsewhere?header={Uri.EscapeDataString($"Location: {location}")}"), new StringContent("x"));
        using var after = await _client.GetAsync(cache.Url("/up/r/named-elsewhere?v=1"));

        Assert.Equal("HIT", after.XCache());
        Assert.Equal(stored, after.Serial());
    }
}
