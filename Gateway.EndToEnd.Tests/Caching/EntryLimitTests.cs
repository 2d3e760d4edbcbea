using System.Security.Cryptography;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>A body past <c>max-entry-bytes</c> streams to its client whole and is not stored.</summary>
public sealed class EntryLimitTests : IAsyncLifetime
{
    private const int Limit = 64 * 1024;

    private RunningApp _originApp = null!;
    private CacheOrigin _origin = null!;
    private RunningApp _gateway = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync()
    {
        (_originApp, _origin) = await CacheOrigin.StartAsync();
        _gateway = await TestGateway.StartForAsync(_originApp.Address, $"""
            {CachingFixture.CacheOn}
            gateway.cache.max-entry-bytes = {Limit}
            """);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _originApp.DisposeAsync();
    }

    [Theory]
    [InlineData("large-length", "")]
    [InlineData("large-chunked", "&chunked=1")]
    public async Task BodyLargerThanTheEntryLimit_StreamsThroughWhole_AndIsNotStored(string name, string chunked)
    {
        const int size = 1024 * 1024;
        var url = _gateway.Url($"/up/r/{name}?bytes={size}{chunked}");

        using var first = await _client.GetAsync(url);
        using var second = await _client.GetAsync(url);

        var expected = SHA256.HashData(CacheOrigin.Pattern(size));
        Assert.Equal(expected, SHA256.HashData(await first.Content.ReadAsByteArrayAsync()));
        Assert.Equal(expected, SHA256.HashData(await second.Content.ReadAsByteArrayAsync()));
        Assert.Equal("MISS", first.XCache());
        Assert.Equal("MISS", second.XCache());
        Assert.Equal(2, _origin.CallsTo(name));
    }

    [Fact]
    public async Task KnownLengthOverTheLimit_SaysSoInCacheStatus()
    {
        using var response = await _client.GetAsync(_gateway.Url($"/up/r/large-said?bytes={Limit + 1}"));

        Assert.Equal("Gateway; fwd=uri-miss; detail=too-large", response.CacheStatus());
    }

    [Fact]
    public async Task BodyWellWithinTheLimit_ArrivingInPieces_IsStoredWhole()
    {
        // The entry also counts its header text against the limit, so stay clear of the exact edge.
        const int size = Limit - 4 * 1024;
        var url = _gateway.Url($"/up/r/fits?bytes={size}&chunked=1");

        using var first = await _client.GetAsync(url);
        using var second = await _client.GetAsync(url);

        Assert.Equal("HIT", second.XCache());
        Assert.Equal(CacheOrigin.Pattern(size), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(size, second.Content.Headers.ContentLength);
        Assert.Equal(1, _origin.CallsTo("fits"));
    }
}
