using System.Net;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>Concurrent misses on one key make one upstream call; the others wait for it and are answered from it.</summary>
public sealed class StampedeTests(CachingFixture cache) : IClassFixture<CachingFixture>
{
    private const int Parallel = 20;

    private async Task<HttpResponseMessage[]> ColdBurstAsync(string pathAndQuery)
    {
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, Parallel)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await cache.Client.GetAsync(cache.Url(pathAndQuery));
            }))
            .ToArray();
        start.Set();
        return await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TwentyParallelColdRequests_OnASlowEndpoint_MakeOneUpstreamCall_AndAllGetTheBody()
    {
        var responses = await ColdBurstAsync("/up/r/stampede?ms=1000");

        Assert.Equal(1, cache.Origin.CallsTo("stampede"));
        var serial = responses[0].Serial();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(serial, response.Serial());
            Assert.Equal($"stampede #{serial} GET lang=", await response.Content.ReadAsStringAsync());
        }
        Assert.Single(responses, r => r.XCache() == "MISS");
        Assert.Equal(Parallel - 1, responses.Count(r => r.XCache() == "HIT"));
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task ParallelColdRequests_ForAnUncacheableResponse_AllGetTheirOwnAnswer()
    {
        // The one fill is abandoned (no-store), so the waiters go upstream themselves rather than wait in turn.
        var responses = await ColdBurstAsync("/up/r/stampede-no-store?ms=300&cc=no-store");

        Assert.Equal(Parallel, cache.Origin.CallsTo("stampede-no-store"));
        Assert.Equal(Parallel, responses.Select(r => r.Serial()).Distinct().Count());
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("MISS", response.XCache());
            Assert.StartsWith($"stampede-no-store #{response.Serial()} ", await response.Content.ReadAsStringAsync());
            response.Dispose();
        }
    }
}
