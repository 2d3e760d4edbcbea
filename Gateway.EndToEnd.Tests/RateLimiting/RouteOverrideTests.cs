using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary>
/// Routes on the global policy share one budget per client ("default"); a route with its own
/// <c>rate-limit</c> block has its own budget, named after the route; <c>enabled = off</c> never limits.
/// </summary>
public sealed class RouteOverrideTests : GatewayWithTestUpstream
{
    protected override string Overlay(string upstream) => Policy(3, $$"""
        gateway.routes {
          a { prefix = "/a", upstreams = ["{{upstream}}"] }
          b { prefix = "/b", upstreams = ["{{upstream}}"] }
          strict { prefix = "/strict", upstreams = ["{{upstream}}"], rate-limit { requests = 1 } }
          open { prefix = "/open", upstreams = ["{{upstream}}"], rate-limit { enabled = off } }
        }
        """);

    [Fact]
    public async Task RoutesOnTheGlobalPolicy_ShareOneBudget()
    {
        using (var first = await GetAsync("/a/echo")) Assert.Equal("\"default\";r=2;t=60", Header(first, "RateLimit"));
        using (var second = await GetAsync("/b/echo")) Assert.Equal("\"default\";r=1;t=60", Header(second, "RateLimit"));
        using (var third = await GetAsync("/a/echo")) Assert.Equal(HttpStatusCode.OK, third.StatusCode);

        using var denied = await GetAsync("/b/echo");
        Assert.Equal(HttpStatusCode.TooManyRequests, denied.StatusCode);
        Assert.Equal("\"default\";q=3;w=60", Header(denied, "RateLimit-Policy"));
    }

    [Fact]
    public async Task RouteWithItsOwnPolicy_HasItsOwnStricterBudget()
    {
        using (var admitted = await GetAsync("/strict/echo"))
        {
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            // The route's block is laid over the global one: its own quota, the global window.
            Assert.Equal("\"strict\";q=1;w=60", Header(admitted, "RateLimit-Policy"));
            Assert.Equal("\"strict\";r=0;t=60", Header(admitted, "RateLimit"));
        }

        using (var denied = await GetAsync("/strict/echo"))
        {
            await ProblemJson.AssertAsync(denied, 429);
            Assert.Equal("\"strict\";q=1;w=60", Header(denied, "RateLimit-Policy"));
        }

        // The strict route's budget is not the global one: the global routes still have all three.
        using var global = await GetAsync("/a/echo");
        Assert.Equal("\"default\";r=2;t=60", Header(global, "RateLimit"));
    }

    [Fact]
    public async Task RouteWithThePolicyOff_IsNeverLimited_AndSpendsNothing()
    {
        for (var i = 0; i < 3; i++)
            using (await GetAsync("/a/echo")) { }

        for (var i = 0; i < 10; i++)
        {
            using var response = await GetAsync("/open/echo");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(HasHeader(response, "RateLimit"));
            Assert.False(HasHeader(response, "RateLimit-Policy"));
        }

        using var denied = await GetAsync("/a/echo");
        Assert.Equal(HttpStatusCode.TooManyRequests, denied.StatusCode);
    }}
