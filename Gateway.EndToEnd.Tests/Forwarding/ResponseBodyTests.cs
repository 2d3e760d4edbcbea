using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>
/// Response bodies arrive byte for byte whatever their size and however the upstream sends them: the
/// gateway reads a small announced body in one piece, a large one in large chunks, and one of unknown
/// length in chunks that grow, all straight into the response pipe.
/// </summary>
public sealed class ResponseBodyTests() : GatewayWithTestUpstream
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(81, false)]
    [InlineData(4096, false)]
    [InlineData(100 * 1024, false)]
    [InlineData(300 * 1024 + 7, false)]
    [InlineData(81, true)]
    [InlineData(4097, true)]
    [InlineData(300 * 1024 + 7, true)]
    public async Task TheBody_ArrivesByteForByte(int size, bool chunked)
    {
        using var response = await Client.GetAsync(Gateway.Url($"/up/pattern/{size}?chunked={chunked}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        // Read before the body, which once buffered would report its own length.
        Assert.Equal(chunked ? null : size, response.Content.Headers.ContentLength);
        Assert.Equal(chunked, response.Headers.TransferEncodingChunked == true);

        var body = await response.Content.ReadAsByteArrayAsync();
        var expected = new byte[size];
        new PatternStream(size).ReadExactly(expected);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task AHeadRequest_GetsTheAnnouncedLength_AndNoBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Gateway.Url("/up/pattern/5000"));
        using var response = await Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5000, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
