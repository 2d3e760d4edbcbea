using Akka.Actor;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary><c>gateway.cluster.tls</c>: nodes speak TLS to each other and only let in a peer they trust.</summary>
public sealed class ClusterTlsTests
{
    private static string Tls(string certificate) =>
        $$"""gateway.cluster.tls { enabled = on, certificate-path = "{{certificate}}", trust = pinned }""";

    [Fact]
    public async Task NodesSharingAPinnedCertificate_FormACluster_OverTls()
    {
        var nodes = await ClusterNodes.StartAsync(2, Tls(TestCertificates.WriteSelfSignedPkcs12("gateway-cluster")));
        try
        {
            foreach (var node in nodes)
            {
                var system = node.App.Services.GetRequiredService<ActorSystem>();
                await ClusterSignals.WhenAsync(system, ClusterSignals.AllUp(2), TimeSpan.FromSeconds(30));
                Assert.StartsWith("akka.ssl.tcp://", Akka.Cluster.Cluster.Get(system).SelfAddress.ToString());
            }
        }
        finally
        {
            await ClusterNodes.StopAsync(nodes);
        }
    }

    [Theory]
    [InlineData("gateway.cluster.tls { enabled = on }", "gateway.cluster.tls.certificate-path: is required")]
    [InlineData("""gateway.cluster.tls { enabled = on, certificate-path = "/nonexistent/node.pfx" }""", "gateway.cluster.tls.certificate-path: cannot load '/nonexistent/node.pfx'")]
    [InlineData("""gateway.cluster.tls { enabled = on, certificate-path = "x.pfx", certificate-password-env = "GATEWAY_TEST_UNSET_PASSWORD" }""", "gateway.cluster.tls.certificate-password-env: names the environment variable 'GATEWAY_TEST_UNSET_PASSWORD', which is not set")]
    public async Task BrokenTlsConfig_StopsStartup_NamingTheKey(string overlay, string expected)
    {
        Assert.Contains(expected, await FailedStartup.ErrorLineAsync(overlay));
    }

    [Fact]
    public async Task UnknownTrustMode_StopsStartup_NamingTheKey()
    {
        var overlay = $$"""gateway.cluster.tls { enabled = on, certificate-path = "{{TestCertificates.WriteSelfSignedPkcs12("x")}}", trust = anyone }""";

        Assert.Contains("gateway.cluster.tls.trust: 'anyone' is not a trust mode", await FailedStartup.ErrorLineAsync(overlay));
    }
}
