using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary>Who counts as one client: X-Forwarded-For only from trusted proxies, one client per address however it is spelled.</summary>
public sealed class ClientIdentityTests : IAsyncLifetime
{
    private RunningApp _upstreamApp = null!;
    private TestUpstream _upstream = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync() => (_upstreamApp, _upstream) = await TestUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _upstreamApp.DisposeAsync();
    }

    [Fact]
    public async Task RotatingSpoofedForwardedFor_FromAnUntrustedPeer_StaysOneClient()
    {
        await using var gateway = await StartForAsync(_upstreamApp.Address, requests: 3);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
            statuses.Add(await StatusAsync(gateway, $"198.51.100.{i}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, _upstream.Calls);
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_GivesEachClientItsOwnBudget()
    {
        await using var gateway = await StartForAsync(_upstreamApp.Address, requests: 1,
            """gateway.forwarded-headers.trusted-proxies = ["127.0.0.0/8"]""");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, "2001:db8::2"));
        // The proxy itself, asking without a forwarded client, is a client of its own too.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, forwardedFor: null));

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway, "2001:db8::2"));
        Assert.Equal(4, _upstream.Calls);
    }

    [Fact]
    public async Task IPv4MappedIPv6_AndPlainIPv4_AreTheSameClient()
    {
        await using var gateway = await StartForAsync(_upstreamApp.Address, requests: 1,
            """gateway.forwarded-headers.trusted-proxies = ["127.0.0.0/8"]""");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, "::ffff:203.0.113.9"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway, "203.0.113.9"));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, "203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway, "::ffff:203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway, "::FFFF:CB00:710A"));
    }

    private async Task<HttpStatusCode> StatusAsync(RunningApp gateway, string? forwardedFor)
    {
        using var request = Get(gateway, "/up/echo", forwardedFor);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }
}
