using System.Net;
using Gateway.Actors.Configuration;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Configuration;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// The gateway's own endpoints live outside the routed namespace: no route may take them, and a
/// catch-all route never receives them, whatever the method or whether the feature is switched on.
/// </summary>
public sealed class ReservedPathTests
{
    [Theory]
    [InlineData("/metrics", "gateway.routes.x.prefix: '/metrics' is inside '/metrics'")]
    [InlineData("/healthz", "gateway.routes.x.prefix: '/healthz' is inside '/healthz'")]
    [InlineData("/READYZ", "gateway.routes.x.prefix: '/READYZ' is inside '/readyz'")]
    [InlineData("/_gateway", "gateway.routes.x.prefix: '/_gateway' is inside '/_gateway'")]
    [InlineData("/_gateway/extra", "gateway.routes.x.prefix: '/_gateway/extra' is inside '/_gateway'")]
    public void RoutePrefix_InsideAReservedPath_IsRefused(string prefix, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load($$"""gateway.routes.x { prefix = "{{prefix}}", upstreams = ["http://localhost:1"] }"""));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void MovedEndpoints_AreReservedToo_AndMayNotHideInsideARoute()
    {
        var taken = Assert.Throws<ConfigException>(() => Load("""
            gateway.status.path = "/ops/status"
            gateway.routes.x { prefix = "/ops/status/deep", upstreams = ["http://localhost:1"] }
            """));
        Assert.StartsWith("gateway.routes.x.prefix: '/ops/status/deep' is inside '/ops/status'", taken.Message);

        var hidden = Assert.Throws<ConfigException>(() => Load("""
            gateway.observability.metrics-endpoint = "/service-a/metrics"
            """));
        Assert.StartsWith("gateway.routes.service-a.prefix: '/service-a' would contain the gateway's own '/service-a/metrics'", hidden.Message);
    }

    [Theory]
    [InlineData("gateway.observability.metrics-endpoint = \"metrics\"", "gateway.observability.metrics-endpoint: 'metrics' must be a path below '/'")]
    [InlineData("gateway.observability.metrics-endpoint = \"/healthz\"", "gateway.observability.metrics-endpoint: '/healthz' is taken by the health checks")]
    [InlineData("gateway.status.path = \"/\"", "gateway.status.path: '/' must be a path below '/'")]
    [InlineData("gateway.status.path = \"/metrics\"", "gateway.status.path: '/metrics' is taken")]
    [InlineData("gateway.observability.stats-interval = 10ms", "gateway.observability.stats-interval: must be at least 100ms")]
    [InlineData("gateway.shutdown.grace-period = -1s", "gateway.shutdown.grace-period: must not be negative")]
    [InlineData("gateway.status.colour = red", "gateway.status.colour: unknown field")]
    public void BrokenOperationsBlock_IsRefused_NamingTheKey(string overlay, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(overlay));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task CatchAllRoute_NeverReceives_TheGatewaysOwnPaths()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.routes { everything { prefix = "/", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] } }
            """);
        using var client = TestClients.Http();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/healthz"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/readyz"))).StatusCode);
        using var metrics = await client.GetAsync(gateway.Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/_gateway/status.json"))).StatusCode);
        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/_gateway/unknown")), 404);
        await ProblemJson.AssertAsync(await client.PostAsync(gateway.Url("/_gateway/status.json"), new StringContent("x")), 405);
        await client.PostAsync(gateway.Url("/metrics"), new StringContent("x"));
        await client.DeleteAsync(gateway.Url("/healthz"));
        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/metrics/extra")), 404);
        Assert.Equal(0, upstream.Calls);

        using var routed = await client.GetAsync(gateway.Url("/echo/anything"));
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal(1, upstream.Calls);
    }

    [Fact]
    public async Task SwitchedOffMetricsAndStatus_Answer404_AndStillAreNotForwarded()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.routes { everything { prefix = "/", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] } }
            gateway.observability.metrics-endpoint = off
            gateway.status.enabled = off
            """);
        using var client = TestClients.Http();

        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/metrics")), 404);
        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/_gateway/")), 404);
        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/_gateway/status.json")), 404);
        Assert.Equal(0, upstream.Calls);
    }

    private static GatewaySettings Load(string overlay) => GatewaySettings.Create(GatewayConfigFiles.Load(TestGateway.WriteOverlay(overlay)));
}
