using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.RateLimiting;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.RateLimiting;
using Gateway.Web.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>What Prometheus sees at /metrics: requests by route, method and status, latency, breakers and live actors.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task ProxiedRequests_AreCountedByRouteMethodAndStatus_AndTimed_ButProbesAndScrapesAreNot()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address);
        using var client = TestClients.Http();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/up/echo/a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/up/echo/b"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(gateway.Url("/up/status/503"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(gateway.Url("/up/echo/c"), new StringContent("body"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(gateway.Url("/nowhere"))).StatusCode);
        await client.GetAsync(gateway.Url("/healthz"));
        await client.GetAsync(gateway.Url("/_gateway/status.json"));
        await PrometheusText.ScrapeAsync(client, gateway.Url("/metrics"));

        // A request is counted once its response is out, so the client can be a step ahead of the count;
        // ASP.NET's own histogram is recorded after that, on its own schedule.
        var samples = await Eventually.MatchesAsync(
            () => PrometheusText.ScrapeAsync(client, gateway.Url("/metrics")),
            s => s.Where(x => x.Name == "gateway_requests_total").Sum(x => x.Value) >= 5
                 && s.Any(x => x.Name.StartsWith("http_server_request_duration", StringComparison.Ordinal)),
            "all five proxied requests to be counted, by the gateway and by ASP.NET");

        Assert.Equal(2, samples.Value("gateway_requests_total", ("route", "up"), ("method", "GET"), ("status_code", "200")));
        Assert.Equal(1, samples.Value("gateway_requests_total", ("route", "up"), ("method", "GET"), ("status_code", "503")));
        Assert.Equal(1, samples.Value("gateway_requests_total", ("route", "up"), ("method", "POST"), ("status_code", "200")));
        Assert.Equal(1, samples.Value("gateway_requests_total", ("route", "none"), ("method", "GET"), ("status_code", "404")));
        // The probe, the status poll and the scrapes are the gateway's own business, not traffic.
        Assert.Equal(5, samples.Where(s => s.Name == "gateway_requests_total").Sum(s => s.Value));
        Assert.Equal(4, samples.Value("gateway_request_duration_milliseconds_count", ("route", "up")));
        Assert.True(samples.Value("gateway_request_duration_milliseconds_sum", ("route", "up")) > 0);
        Assert.Equal(4, samples.Value("gateway_request_duration_milliseconds_bucket", ("route", "up"), ("le", "+Inf")));
        Assert.Equal(0, samples.Value("gateway_requests_active"));
        // ASP.NET's server metrics are exported; its per-buffer memory-pool meter is not listened to at all.
        Assert.Contains(samples, s => s.Name.StartsWith("http_server_request_duration", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("aspnetcore_memory_pool", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BreakerTransitions_AreCounted_AndEachBreakersStateIsAGauge()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, """
            gateway.circuit-breaker { max-failures = 2, reset-timeout = 60s }
            """);
        using var client = TestClients.Http();
        var key = GatewayBreakers.KeyOf("up", upstreamApp.Address);

        GatewayBreakers.ReportServerErrors(gateway, key, 2, GatewayBreakers.Epoch(gateway, key));

        // The gauge reads the breaker board; the transition is counted from the actor system's event
        // stream, a moment later: wait for both, then check that the count is exactly one.
        var samples = await Eventually.MatchesAsync(
            () => PrometheusText.ScrapeAsync(client, gateway.Url("/metrics")),
            s => s.Value("gateway_breaker_state", ("upstream", key)) == 2
                 && s.Value("gateway_breaker_transitions_total", ("upstream", key), ("from", "closed"), ("to", "open")) is not null,
            "the breaker's gauge to read 2 (open) and its transition to be counted");
        Assert.Equal(1, samples.Value("gateway_breaker_transitions_total", ("upstream", key), ("from", "closed"), ("to", "open")));
        // Every (route, upstream) pair has its breaker from start-up: the demo routes' too.
        var pairs = gateway.App.Services.GetRequiredService<RouteTableSource>().Settings.Routes.Sum(r => r.Upstreams.Count);
        Assert.Equal(pairs, samples.Value("gateway_actors", ("kind", "circuit-breaker")));
    }

    [Fact]
    public async Task TwoGatewaysInOneProcess_EachReportsOnlyItsOwnTraffic()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var busy = await TestGateway.StartForAsync(upstreamApp.Address);
        await using var idle = await TestGateway.StartForAsync(upstreamApp.Address);
        using var client = TestClients.Http();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(busy.Url("/up/echo/a"))).StatusCode);
        await Eventually.MatchesAsync(
            () => PrometheusText.ScrapeAsync(client, busy.Url("/metrics")),
            s => s.Value("gateway_requests_total", ("route", "up"), ("method", "GET"), ("status_code", "200")) == 1,
            "the busy gateway to count its request");

        var idleSamples = await PrometheusText.ScrapeAsync(client, idle.Url("/metrics"));
        Assert.Equal(0, idleSamples.Where(x => x.Name == "gateway_requests_total").Sum(x => x.Value));
    }

    [Fact]
    public async Task LiveActorGauges_FollowTheActorsOwnStats_FetchedByThePoller()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, "gateway.observability.stats-interval = 200ms");
        using var client = TestClients.Http();
        var limiter = gateway.App.Services.GetRequiredService<IReadOnlyActorRegistry>().Get<RateLimiterRegion>();
        var policy = gateway.App.Services.GetRequiredService<RouteTableSource>().Settings.Defaults.RateLimit with { Enabled = true };

        // Three clients, three limiter actors: asked the way the request path asks.
        foreach (var client_ in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" })
            await limiter.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", client_, policy), TimeSpan.FromSeconds(5));

        var samples = await Eventually.MatchesAsync(
            () => PrometheusText.ScrapeAsync(client, gateway.Url("/metrics")),
            s => s.Value("gateway_actors", ("kind", "rate-limiter")) == 3,
            "the rate-limiter gauge to count three live limiters",
            describe: s => string.Join(", ", s.Where(x => x.Name == "gateway_actors").Select(x => $"{x.Labels["kind"]}={x.Value}")));
        Assert.Equal(0, samples.Value("gateway_actors", ("kind", "cache-entry")));
        Assert.Equal(0, samples.Value("gateway_actors", ("kind", "websocket-relay")));
        Assert.Equal(0, samples.Value("gateway_websocket_connections"));
        Assert.Equal(0, samples.Value("gateway_websocket_messages_total"));
        Assert.Equal(0, samples.Value("gateway_cache_entries"));
    }
}
