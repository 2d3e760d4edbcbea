using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

public sealed class UpstreamResponseHeaderTests
{
    [Fact]
    public async Task UpstreamsOwnRateLimitHeaders_AreReplacedByTheGateways()
    {
        await using var upstream = new RawHttpUpstream("""
            HTTP/1.1 200 OK
            Content-Length: 2
            RateLimit-Policy: "upstream";q=1000;w=1
            RateLimit: "upstream";r=999;t=1

            ok
            """);
        await using var gateway = await StartForAsync(upstream.Address, requests: 3);
        using var client = TestClients.Http();

        using var response = await client.GetAsync(gateway.Url("/up/anything"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("\"default\";q=3;w=60", Header(response, "RateLimit-Policy"));
        Assert.Equal("\"default\";r=2;t=60", Header(response, "RateLimit"));
    }

    [Fact]
    public async Task WithThePolicyOff_TheUpstreamsHeadersPassThrough()
    {
        await using var upstream = new RawHttpUpstream("""
            HTTP/1.1 200 OK
            Content-Length: 2
            RateLimit: "upstream";r=999;t=1

            ok
            """);
        await using var gateway = await TestGateway.StartForAsync(upstream.Address);
        using var client = TestClients.Http();

        using var response = await client.GetAsync(gateway.Url("/up/anything"));

        Assert.Equal("\"upstream\";r=999;t=1", Header(response, "RateLimit"));
        Assert.False(HasHeader(response, "RateLimit-Policy"));
    }

    [Fact]
    public async Task AdmittedRequest_ToAFailingUpstream_StillCarriesTheHeaders()
    {
        await using var gateway = await TestGateway.StartAsync(Policy(3, $$"""
            gateway.routes { down { prefix = "/down", upstreams = ["http://127.0.0.1:{{TestClients.ClosedPort()}}"] } }
            """));
        using var client = TestClients.Http();
        using var response = await client.GetAsync(gateway.Url("/down/x"));

        await ProblemJson.AssertAsync(response, 502);
        Assert.Equal("\"default\";q=3;w=60", Header(response, "RateLimit-Policy"));
        Assert.Equal("\"default\";r=2;t=60", Header(response, "RateLimit"));
    }
}
