using Gateway.Actors.Configuration;
using Gateway.Web.Configuration;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Configuration;

/// <summary>
/// The gateway's own endpoints live outside the routed namespace: no route may take them, moved or not,
/// and a broken operations block is refused naming its key. (That a catch-all route never receives them
/// is the end-to-end ReservedPathTests'.)
/// </summary>
public sealed class OperationsSettingsTests
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

    private static GatewaySettings Load(string overlay) => GatewaySettings.Create(GatewayConfigFiles.Load(OverlayFiles.Write(overlay)));
}
