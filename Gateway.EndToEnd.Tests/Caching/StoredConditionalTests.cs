using System.Net;
using System.Net.Http.Headers;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// Conditional and range requests answered from a stored response (RFC 9111 §4.3.2; RFC 9110 §13, §14):
/// the stored ETag and Last-Modified stand for the origin's current representation.
/// </summary>
public sealed class StoredConditionalTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private const string LastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
    private readonly HttpClient _client = cache.Client;

    /// <summary>Stores a response with a strong ETag <c>"v1"</c>, that Last-Modified, and a 1000-byte pattern body.</summary>
    private async Task<string> StoredAsync(string name)
    {
        var path = $"/up/r/{name}?bytes=1000&header={Uri.EscapeDataString("ETag: \"v1\"")}&header={Uri.EscapeDataString($"Last-Modified: {LastModified}")}";
        using (var miss = await _client.GetAsync(cache.Url(path))) Assert.Equal("MISS", miss.XCache());
        return path;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, cache.Url(path));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("\"v1\"")]
    [InlineData("W/\"v1\"")]                  // §13.1.2: If-None-Match compares weakly
    [InlineData("\"other\", \"v1\"")]
    [InlineData("*")]
    public async Task IfNoneMatch_ThatMatches_Is304FromMemory_WithTheValidators_AndNoBody(string ifNoneMatch)
    {
        var path = await StoredAsync($"inm-{ifNoneMatch.GetHashCode():x}");

        using var response = await SendAsync(path, ("If-None-Match", ifNoneMatch));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal("HIT", response.XCache());
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, cache.Origin.CallsTo($"inm-{ifNoneMatch.GetHashCode():x}"));
    }

    [Theory]
    [InlineData("\"v2\"")]
    [InlineData("garbage-without-quotes")]     // §13.1: a field that cannot be read is ignored
    public async Task IfNoneMatch_ThatDoesNotMatch_GetsTheStoredResponse(string ifNoneMatch)
    {
        var path = await StoredAsync($"inm-miss-{ifNoneMatch.Length}");

        using var response = await SendAsync(path, ("If-None-Match", ifNoneMatch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.XCache());
        Assert.Equal(1000, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task IfModifiedSince_IsUsedOnlyWithoutIfNoneMatch()
    {
        var path = await StoredAsync("ims");

        using var unmodified = await SendAsync(path, ("If-Modified-Since", LastModified));
        using var earlier = await SendAsync(path, ("If-Modified-Since", "Mon, 30 Nov 2026 10:00:00 GMT"));
        using var withTags = await SendAsync(path, ("If-Modified-Since", LastModified), ("If-None-Match", "\"v2\""));
        using var notADate = await SendAsync(path, ("If-Modified-Since", "yesterday"));

        Assert.Equal(HttpStatusCode.NotModified, unmodified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withTags.StatusCode);   // §13.2.2: If-None-Match takes precedence
        Assert.Equal(HttpStatusCode.OK, notADate.StatusCode);
    }

    [Theory]
    [InlineData("If-Match", "\"v2\"")]
    [InlineData("If-Match", "W/\"v1\"")]        // §13.1.1: If-Match compares strongly
    [InlineData("If-Unmodified-Since", "Mon, 30 Nov 2026 10:00:00 GMT")]
    public async Task FailedIfMatchOrIfUnmodifiedSince_Is412(string field, string value)
    {
        var path = await StoredAsync($"pre-{field}-{value.Length}");

        using var response = await SendAsync(path, (field, value));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(1, cache.Origin.CallsTo($"pre-{field}-{value.Length}"));
    }

    [Fact]
    public async Task PassedIfMatch_GetsTheStoredResponse()
    {
        var path = await StoredAsync("if-match-ok");

        using var response = await SendAsync(path, ("If-Match", "\"v1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HIT", response.XCache());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=990-", 990, 10)]
    [InlineData("bytes=-10", 990, 10)]
    [InlineData("bytes=900-5000", 900, 100)]    // §14.1.1: a last-pos past the end is the end
    [InlineData("bytes=-5000", 0, 1000)]
    public async Task SingleRange_Is206FromMemory(string range, int start, int length)
    {
        var path = await StoredAsync($"range-{range}");

        using var response = await SendAsync(path, ("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("HIT", response.XCache());
        Assert.Equal(new ContentRangeHeaderValue(start, start + length - 1, 1000), response.Content.Headers.ContentRange);
        Assert.Equal(CacheOrigin.Pattern(1000).AsSpan(start, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, cache.Origin.CallsTo($"range-{range}"));
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=-0")]
    public async Task RangeStartingPastTheEnd_Is416_WithTheLength(string range)
    {
        var path = await StoredAsync($"range416-{range}");

        using var response = await SendAsync(path, ("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */1000", response.Content.Headers.ContentRange?.ToString());
    }

    [Theory]
    [InlineData("bytes=0-9, 20-29")]            // several ranges: served whole (§14.2 lets a server ignore Range)
    [InlineData("items=0-9")]
    [InlineData("bytes=abc")]
    public async Task RangesNotServedFromMemory_GetTheWholeStoredResponse(string range)
    {
        var path = await StoredAsync($"range-whole-{range.Length}-{range[0]}");

        using var response = await SendAsync(path, ("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Theory]
    [InlineData("\"v1\"", HttpStatusCode.PartialContent)]
    [InlineData("\"v2\"", HttpStatusCode.OK)]
    [InlineData("W/\"v1\"", HttpStatusCode.OK)]          // §13.1.5: If-Range needs a strong match
    [InlineData(LastModified, HttpStatusCode.PartialContent)]
    [InlineData("Mon, 30 Nov 2026 10:00:00 GMT", HttpStatusCode.OK)]
    public async Task IfRange_AppliesTheRangeOnlyWhenItMatches(string ifRange, HttpStatusCode expected)
    {
        var path = await StoredAsync($"if-range-{ifRange.GetHashCode():x}");

        using var response = await SendAsync(path, ("Range", "bytes=0-9"), ("If-Range", ifRange));

        Assert.Equal(expected, response.StatusCode);
    }
}
