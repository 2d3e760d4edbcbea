using Gateway.Web.Configuration;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Configuration;

/// <summary><c>gateway.cluster</c> as read from an overlay.</summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public void HostnameEnv_GivesTheNodeTheAddressInThatVariable()
    {
        Environment.SetEnvironmentVariable("GATEWAY_TEST_POD_IP", "10.1.2.3");
        var overlay = OverlayFiles.Write("""
            gateway.cluster { enabled = on, hostname-env = "GATEWAY_TEST_POD_IP", seed-nodes = ["10.1.2.3:4053"] }
            """);

        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(overlay));

        Assert.Equal("10.1.2.3", settings.Cluster.Hostname);
    }
}
