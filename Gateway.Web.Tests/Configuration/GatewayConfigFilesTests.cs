using Gateway.Web.Configuration;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Configuration;

/// <summary>The shipped defaults, the overlay laid over them key by key, and where the overlay's path comes from.</summary>
public sealed class GatewayConfigFilesTests
{
    [Fact]
    public void ShippedDefaults_AreValid_AndRouteBothDemoServices()
    {
        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(null));

        var routes = settings.Routes.ToDictionary(r => r.Id);
        Assert.Equal("/service-a", routes["service-a"].Prefix);
        Assert.Equal(new Uri("http://localhost:8001"), routes["service-a"].Upstreams.Single());
        Assert.Equal("/service-b", routes["service-b"].Prefix);
        Assert.Equal(TimeSpan.FromSeconds(30), routes["service-a"].CallTimeout);
        Assert.Empty(settings.TrustedProxies);
    }

    [Fact]
    public void Overlay_WinsKeyByKey_AndTheRestFallsBack()
    {
        var path = OverlayFiles.Write("gateway.routes.service-a.upstreams = [\"http://10.1.2.3:9000/api\"]");

        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(path));

        var routes = settings.Routes.ToDictionary(r => r.Id);
        Assert.Equal(new Uri("http://10.1.2.3:9000/api"), routes["service-a"].Upstreams.Single());
        Assert.Equal("/service-a", routes["service-a"].Prefix);
        Assert.Equal(new Uri("http://localhost:8002"), routes["service-b"].Upstreams.Single());
    }

    [Fact]
    public void OverlayPath_ComesFromArgument_ThenEnvironment()
    {
        var previous = Environment.GetEnvironmentVariable(GatewayConfigFiles.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(GatewayConfigFiles.EnvironmentVariable, "/from/env.hocon");
            Assert.Equal("/from/env.hocon", GatewayConfigFiles.OverlayPath([]));
            Assert.Equal("/from/arg.hocon", GatewayConfigFiles.OverlayPath(["--config", "/from/arg.hocon"]));
            Assert.Equal("/from/arg.hocon", GatewayConfigFiles.OverlayPath(["--config=/from/arg.hocon"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(GatewayConfigFiles.EnvironmentVariable, previous);
        }
    }
}
