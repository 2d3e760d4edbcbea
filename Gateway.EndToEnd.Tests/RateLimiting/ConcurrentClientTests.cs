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

    [Fact]
    public async Task BusyClientOnFourConnections_IsAdmittedExactlyItsQuota_EachWithItsOwnRemainingCount()
    {
        // A high limit and a steady stream: the client's limiter leases permits to the request path.
        await using var system = await GatewayWithTestUpstream.StartAsync(RateLimitedGateway.Policy(requests: 300));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 4 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var seen = new List<(HttpStatusCode Status, string? RateLimit)>();
            for (var i = 0; i < 90; i++)
            {
                using var response = await client.GetAsync(system.Url("/up/echo"));
                seen.Add((response.StatusCode, response.Headers.TryGetValues("RateLimit", out var v) ? v.Single() : null));
            }
            return seen;
        }).ToList();
        var responses = (await Task.WhenAll(workers)).SelectMany(seen => seen).ToList();

        var admitted = responses.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.Equal(300, admitted.Count);
        Assert.Equal(60, responses.Count(r => r.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(300, system.Upstream.Calls);
        var remaining = admitted.Select(r => RemainingOf(r.RateLimit)).Order();
        Assert.Equal(Enumerable.Range(0, 300), remaining);
    }

    // "default";r=12;t=60
    private static int RemainingOf(string? rateLimit)
    {
        Assert.NotNull(rateLimit);
        var r = rateLimit.Split(';').Single(part => part.StartsWith("r=", StringComparison.Ordinal));
        return int.Parse(r[2..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
