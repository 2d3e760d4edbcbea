using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// The gateway's own endpoints live outside the routed namespace: a catch-all route never receives
/// them, whatever the method or whether the feature is switched on. (That no route may take them is
/// Gateway.Web.Tests' OperationsSettingsTests.)
/// </summary>
public sealed class ReservedPathTests
{
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
}
