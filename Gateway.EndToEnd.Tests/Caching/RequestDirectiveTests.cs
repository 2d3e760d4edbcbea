using System.Net;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>A request's own Cache-Control directives (RFC 9111 §5.2.1), through the real gateway.</summary>
public sealed class RequestDirectiveTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    private async Task<HttpResponseMessage> GetAsync(string path, string? cacheControl = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, cache.Url(path));
        if (cacheControl is not null) request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task MaxAge_5_2_1_1_AStoredResponseOlderThanAsked_IsFetchedAgain_AndReplacesTheStoredOne()
    {
        // 20 s old on arrival (its Age), fresh for 10 s more (the route's 30 s ttl caps its max-age).
        const string path = "/up/r/req-max-age?age=20&cc=max-age%3D3600";
        using (var miss = await GetAsync(path)) Assert.Equal("MISS", miss.XCache());

        using var refetched = await GetAsync(path, "max-age=10");
        using var after = await GetAsync(path);
        using var acceptable = await GetAsync(path, "max-age=25");

        Assert.Equal("MISS", refetched.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("req-max-age"));
        Assert.Equal("HIT", after.XCache());
        Assert.Equal(refetched.Serial(), after.Serial());
        Assert.Equal("HIT", acceptable.XCache());
    }

    [Fact]
    public async Task MinFresh_5_2_1_3_AResponseFreshForLessThanAsked_IsFetchedAgain()
    {
        // Fresh for 30 s (the route's ttl).
        const string path = "/up/r/req-min-fresh";
        using (var miss = await GetAsync(path)) Assert.Equal("MISS", miss.XCache());

        using var enough = await GetAsync(path, "min-fresh=20");
        using var tooLittle = await GetAsync(path, "min-fresh=40");

        Assert.Equal("HIT", enough.XCache());
        Assert.Equal("MISS", tooLittle.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("req-min-fresh"));
    }

    [Theory]
    [InlineData("max-age=abc")]
    [InlineData("max-age=-1")]
    [InlineData("min-fresh=\"10\"")]
    public async Task MalformedRequestDirective_IsIgnored(string cacheControl)
    {
        var name = $"req-malformed-{cacheControl.Length}-{cacheControl[^1]}";
        using (var miss = await GetAsync($"/up/r/{name}")) Assert.Equal("MISS", miss.XCache());

        using var hit = await GetAsync($"/up/r/{name}", cacheControl);

        Assert.Equal("HIT", hit.XCache());
        Assert.Equal(1, cache.Origin.CallsTo(name));
    }

    [Fact]
    public async Task OnlyIfCached_5_2_1_7_IsAnsweredFromMemory_Or504_NeverForwarded()
    {
        using var nothingStored = await GetAsync("/up/r/req-only-if-cached", "only-if-cached");
        Assert.Equal(HttpStatusCode.GatewayTimeout, nothingStored.StatusCode);
        Assert.Equal("application/problem+json", nothingStored.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Gateway; detail=only-if-cached", nothingStored.CacheStatus());
        Assert.Equal(0, cache.Origin.CallsTo("req-only-if-cached"));

        using (var miss = await GetAsync("/up/r/req-only-if-cached")) Assert.Equal("MISS", miss.XCache());
        using var stored = await GetAsync("/up/r/req-only-if-cached", "only-if-cached");
        using var tooOld = await GetAsync("/up/r/req-only-if-cached", "only-if-cached, min-fresh=3600");

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("HIT", stored.XCache());
        Assert.Equal(HttpStatusCode.GatewayTimeout, tooOld.StatusCode);
        Assert.Equal(1, cache.Origin.CallsTo("req-only-if-cached"));
    }

    [Fact]
    public async Task MaxStale_IsAccepted_AndChangesNothingForAFreshResponse()
    {
        using (var miss = await GetAsync("/up/r/req-max-stale")) Assert.Equal("MISS", miss.XCache());

        using var hit = await GetAsync("/up/r/req-max-stale", "max-stale=60");

        Assert.Equal("HIT", hit.XCache());
    }
}
