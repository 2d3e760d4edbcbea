using System.Security.Cryptography;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>A body past <c>max-entry-bytes</c> streams to its client whole and is not stored.</summary>
public sealed class EntryLimitTests : GatewayWithCacheOrigin
{
    private const int Limit = 64 * 1024;

    protected override string Overlay(string origin) => CachedUpRoute(origin, $"gateway.cache.max-entry-bytes = {Limit}");

    [Theory]
    [InlineData("large-length", "")]
    [InlineData("large-chunked", "&chunked=1")]
    public async Task BodyLargerThanTheEntryLimit_StreamsThroughWhole_AndIsNotStored(string name, string chunked)
    {
        const int size = 1024 * 1024;
        var url = Gateway.Url($"/up/r/{name}?bytes={size}{chunked}");

        using var first = await Client.GetAsync(url);
        using var second = await Client.GetAsync(url);

        var expected = SHA256.HashData(CacheOrigin.Pattern(size));
        Assert.Equal(expected, SHA256.HashData(await first.Content.ReadAsByteArrayAsync()));
        Assert.Equal(expected, SHA256.HashData(await second.Content.ReadAsByteArrayAsync()));
        Assert.Equal("MISS", first.XCache());
        Assert.Equal("MISS", second.XCache());
        Assert.Equal(2, Origin.CallsTo(name));
    }

    [Fact]
    public async Task KnownLengthOverTheLimit_SaysSoInCacheStatus()
    {
        using var response = await GetAsync($"/up/r/large-said?bytes={Limit + 1}");

        Assert.Equal("Gateway; fwd=uri-miss; detail=too-large", response.CacheStatus());
    }

    [Fact]
    public async Task BodyWellWithinTheLimit_ArrivingInPieces_IsStoredWhole()
    {
        // The entry also counts its header text against the limit, so stay clear of the exact edge.
        const int size = Limit - 4 * 1024;
        var url = Gateway.Url($"/up/r/fits?bytes={size}&chunked=1");

        using var first = await Client.GetAsync(url);
        using var second = await Client.GetAsync(url);

        Assert.Equal("HIT", second.XCache());
        Assert.Equal(CacheOrigin.Pattern(size), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(size, second.Content.Headers.ContentLength);
        Assert.Equal(1, Origin.CallsTo("fits"));
    }
}
