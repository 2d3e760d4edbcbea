using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Routing;

public sealed class RouteMatchingTests : GatewayWithTestUpstream
{
    protected override string Overlay(string up) => $$"""
        gateway.routes {
          short   { prefix = "/api",         upstreams = ["{{up}}/echo/short"] }
          long    { prefix = "/api/orders",  upstreams = ["{{up}}/echo/long"] }
          keep    { prefix = "/keep",        upstreams = ["{{up}}/echo"], strip-prefix = off }
          based   { prefix = "/based",       upstreams = ["{{up}}/echo/base/path/"] }
        }
        """;

    private async Task<EchoedRequest> EchoAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await EchoedRequest.ReadAsync(response);
    }

    [Theory]
    [InlineData("/api/orders/42", "/echo/long/42")]     // the longest prefix wins,
    [InlineData("/api/users", "/echo/short/users")]     // a shorter one takes the rest
    [InlineData("/keep/a/b", "/echo/keep/a/b")]         // strip-prefix = off keeps the whole path
    [InlineData("/based/x/y", "/echo/base/path/x/y")]   // the upstream's base path is prepended
    [InlineData("/based", "/echo/base/path/")]
    public async Task Path_ReachesTheUpstreamAsItsRouteSays(string requested, string forwarded)
    {
        Assert.Equal(forwarded, (await EchoAsync(requested)).Path);
    }

    [Fact]
    public async Task Prefix_MatchesOnlyOnSegmentBoundary()
    {
        Assert.Equal("/echo/short", (await EchoAsync("/api")).Path);
        Assert.Equal("/echo/short/ordersX", (await EchoAsync("/api/ordersX")).Path);
        using var response = await GetAsync("/apix");
        var problem = await ProblemJson.AssertAsync(response, 404);
        Assert.Contains("/apix", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownPath_Returns404ProblemJson()
    {
        using var response = await GetAsync("/nowhere/at/all");
        await ProblemJson.AssertAsync(response, 404);
    }

    [Theory]
    [InlineData("/based/..%2F..%2Fsecret")]
    [InlineData("/based/%2E%2E/secret")]
    [InlineData("/based/x/..%5C..%5Csecret")]
    public async Task EncodedDotSegments_CannotClimbOutOfBasePath(string path)
    {
        var callsBefore = Upstream.Calls;
        using var response = await GetAsync(path);
        Assert.Equal(callsBefore, Upstream.Calls);
        // Kestrel decodes "%2E" and resolves the dots before routing (the path then leaves the route: 404);
        // what survives its decoding ("%2F", "%5C") the gateway refuses (400). Never does it reach the upstream.
        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        await ProblemJson.AssertAsync(response, (int)response.StatusCode is 404 ? 404 : 400);
    }

    [Fact]
    public async Task QueryString_IsForwardedByteForByte()
    {
        const string query = "?b=2&a=1&a=%20x&empty=&flag&enc=%2F%3F%26&plus=a+b&utf=%C3%A9";
        Assert.Equal(query, (await EchoAsync("/api/q" + query)).Query);
    }
}
