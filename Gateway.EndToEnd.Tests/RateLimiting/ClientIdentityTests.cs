using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary>Who counts as one client: X-Forwarded-For only from trusted proxies, one client per address however it is spelled.</summary>
public sealed class ClientIdentityTests
{
    private const string TrustLoopbackProxies = """gateway.forwarded-headers.trusted-proxies = ["127.0.0.0/8"]""";

    [Fact]
    public async Task RotatingSpoofedForwardedFor_FromAnUntrustedPeer_StaysOneClient()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(Policy(requests: 3));

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
            statuses.Add(await StatusAsync(system, $"198.51.100.{i}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, system.Upstream.Calls);
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_GivesEachClientItsOwnBudget()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(Policy(requests: 1, TrustLoopbackProxies));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, "2001:db8::2"));
        // The proxy itself, asking without a forwarded client, is a client of its own too.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, forwardedFor: null));

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(system, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(system, "2001:db8::2"));
        Assert.Equal(4, system.Upstream.Calls);
    }

    [Fact]
    public async Task IPv4MappedIPv6_AndPlainIPv4_AreTheSameClient()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(Policy(requests: 1, TrustLoopbackProxies));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, "::ffff:203.0.113.9"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(system, "203.0.113.9"));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system, "203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(system, "::ffff:203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(system, "::FFFF:CB00:710A"));
    }

    private static async Task<HttpStatusCode> StatusAsync(GatewayWithUpstream system, string? forwardedFor)
    {
        using var response = await system.GetAsync("/up/echo", ("X-Forwarded-For", forwardedFor));
        return response.StatusCode;
    }
}
