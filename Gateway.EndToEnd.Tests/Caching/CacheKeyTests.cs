namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>Route, method, path and the raw query string make the key.</summary>
public sealed class CacheKeyTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private readonly HttpClient _client = cache.Client;

    [Fact]
    public async Task SameQueryBytes_Hit()
    {
        using var first = await _client.GetAsync(cache.Url("/up/r/q-same?a=1&b=x%20y"));
        using var second = await _client.GetAsync(cache.Url("/up/r/q-same?a=1&b=x%20y"));

        Assert.Equal("MISS", first.XCache());
        Assert.Equal("HIT", second.XCache());
        Assert.Equal(1, cache.Origin.CallsTo("q-same"));
    }

    [Theory]
    [InlineData("?a=2")]
    [InlineData("?a=1&b=2")]
    [InlineData("?A=1")]
    [InlineData("?a=1&")]
    [InlineData("")]
    public async Task DifferentQuery_IsADifferentEntry(string otherQuery)
    {
        var name = $"q-other-{Guid.NewGuid():N}";
        using var stored = await _client.GetAsync(cache.Url($"/up/r/{name}?a=1"));
        using var other = await _client.GetAsync(cache.Url($"/up/r/{name}{otherQuery}"));

        Assert.Equal("MISS", other.XCache());
        Assert.NotEqual(stored.Serial(), other.Serial());
        Assert.Equal(2, cache.Origin.CallsTo(name));
    }

    [Fact]
    public async Task ParameterOrder_IsPartOfTheKey_SinceTheOriginMayReadItDifferently()
    {
        using var ab = await _client.GetAsync(cache.Url("/up/r/q-order?a=1&b=2"));
        using var ba = await _client.GetAsync(cache.Url("/up/r/q-order?b=2&a=1"));

        Assert.Equal("MISS", ba.XCache());
        Assert.Equal(2, cache.Origin.CallsTo("q-order"));
    }

    [Fact]
    public async Task DifferentPath_IsADifferentEntry()
    {
        using var one = await _client.GetAsync(cache.Url("/up/r/path-one"));
        using var two = await _client.GetAsync(cache.Url("/up/r/path-two"));

        Assert.Equal("MISS", two.XCache());
        Assert.StartsWith("path-two ", await two.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TwoRoutesToOneUpstream_KeepSeparateEntries()
    {
        var up = cache.OriginAddress.GetLeftPart(UriPartial.Authority);
        await using var gateway = await Infrastructure.TestGateway.StartAsync($$"""
            {{CachingFixture.CacheOn}}
            gateway.routes {
              one { prefix = "/one", upstreams = ["{{up}}"] }
              two { prefix = "/two", upstreams = ["{{up}}"] }
            }
            """);

        using var viaOne = await _client.GetAsync(gateway.Url("/one/r/two-routes"));
        using var viaTwo = await _client.GetAsync(gateway.Url("/two/r/two-routes"));
        using var viaOneAgain = await _client.GetAsync(gateway.Url("/one/r/two-routes"));

        Assert.Equal("MISS", viaTwo.XCache());
        Assert.Equal("HIT", viaOneAgain.XCache());
        Assert.Equal(viaOne.Serial(), viaOneAgain.Serial());
        Assert.Equal(2, cache.Origin.CallsTo("two-routes"));
    }
}
