using System.Diagnostics;
using System.Net.Http.Headers;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Http;

/// <summary>
/// What the gateway answers itself, on a route that caches: a problem body with a type and the request's
/// W3C trace id, and none of the cache's headers, since the answer came from neither the cache nor the upstream.
/// </summary>
public sealed class GatewayProblemTests
{
    public static TheoryData<string, int> Refusals() => new()
    {
        { "no route", 404 },
        { "no API key", 401 },
        { "over the rate limit", 429 },
        { "a path that climbs out", 400 },
        { "breaker open", 503 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GatewayMadeResponse_HasNoCacheHeaders_AndAProblemTypeAndTheTraceId(string refusal, int status)
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.cache.enabled = on
            gateway.auth.api-keys = [{ name = "t", key = "t-key" }]
            gateway.routes {
              up      { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
              sec     { prefix = "/sec", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] 
                        auth { enabled = on } }
              limited { prefix = "/limited", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"]
                        rate-limit { enabled = on, requests = 1, window = 60s } }
              dead    { prefix = "/dead", upstreams = ["http://127.0.0.1:{{TestClients.ClosedPort()}}"]
                        circuit-breaker { max-failures = 1, reset-timeout = 60s } }
            }
            """);
        using var client = TestClients.Http();
        var path = refusal switch
        {
            "no route" => "/nowhere",
            "no API key" => "/sec/echo/x",
            "over the rate limit" => "/limited/echo/x",
            "a path that climbs out" => "/up/..%2F..%2Fsecret",
            _ => "/dead/x",
        };
        // The first call spends the budget or opens the breaker (a 502: the port is closed); the breaker's
        // state reaches the request path a moment after its actor decided, so that one is waited for.
        if (status is 429 or 503) (await client.GetAsync(gateway.Url(path))).Dispose();
        if (status is 503)
            await Eventually.MatchesAsync(() => client.GetAsync(gateway.Url(path)), r => (int)r.StatusCode == 503, "the breaker to open");

        // Whatever the client accepts: the framework writes problem bodies one way for JSON-minded clients, another for the rest.
        foreach (var accept in (string?[])[null, "text/html"])
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url(path));
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            using var response = await client.SendAsync(request);

            var problem = await ProblemJson.AssertAsync(response, status);
            Assert.False(response.Headers.Contains("X-Cache"), $"{refusal} (Accept {accept}): X-Cache present");
            Assert.False(response.Headers.Contains("Cache-Status"), $"{refusal} (Accept {accept}): Cache-Status present");
            Assert.StartsWith("https://", problem.GetProperty("type").GetString());
            Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
        }
    }
}
