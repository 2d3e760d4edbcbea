using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.RateLimiting;

public sealed class ConcurrentClientTests
{
    [Fact]
    public async Task SixtyParallelRequestsFromOneClient_UnderThreePerWindow_AdmitExactlyThree()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(RateLimitedGateway.Policy(requests: 3));
        // One connection per request, so the 60 really arrive side by side.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 60 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 60).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await client.GetAsync(system.Url("/up/echo"));
            return response.StatusCode;
        }).ToList();
        start.Release(60);
        var statuses = await Task.WhenAll(requests);

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(57, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, system.Upstream.Calls);
    }
}
