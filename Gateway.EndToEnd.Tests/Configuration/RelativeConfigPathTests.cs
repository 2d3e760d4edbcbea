using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Configuration;

namespace Gateway.EndToEnd.Tests.Configuration;

/// <summary>
/// A relative overlay path means what it means in the shell it was typed in: under
/// <c>dotnet run --project Gateway.Web</c> too, whose app would otherwise start in Gateway.Web/.
/// </summary>
public sealed class RelativeConfigPathTests
{
    [Fact]
    public async Task RelativeConfigArgument_UnderDotnetRun_IsReadFromTheCallersFolder()
    {
        var folder = OverlayFolder();
        await using var gateway = await GatewayProcess.RunProjectAsync(folder, ["--config", "mine.hocon"]);

        await AssertTheOverlaysRouteIsServedAsync(gateway);
    }

    [Fact]
    public async Task RelativeConfigVariable_UnderDotnetRun_IsReadFromTheCallersFolder()
    {
        var folder = OverlayFolder();
        await using var gateway = await GatewayProcess.RunProjectAsync(folder, [],
            new Dictionary<string, string> { [GatewayConfigFiles.EnvironmentVariable] = "mine.hocon" });

        await AssertTheOverlaysRouteIsServedAsync(gateway);
    }

    /// <summary>A fresh folder holding mine.hocon, whose one route only this overlay has.</summary>
    private static string OverlayFolder()
    {
        var folder = Directory.CreateTempSubdirectory("gateway-cwd-").FullName;
        File.WriteAllText(Path.Combine(folder, "mine.hocon"), $$"""
            {{TestGateway.QuietPolicies}}
            gateway.routes.mine { prefix = "/mine", upstreams = ["http://127.0.0.1:{{TestClients.ClosedPort()}}"] }
            gateway.shutdown.grace-period = 0s
            """);
        return folder;
    }

    /// <summary>The route exists (502 from its closed port, not the 404 of an unknown prefix).</summary>
    private static async Task AssertTheOverlaysRouteIsServedAsync(GatewayProcess gateway)
    {
        using var client = TestClients.Http();
        using var response = await client.GetAsync(new Uri(gateway.Address, "/mine/x"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }
}
