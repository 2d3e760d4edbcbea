using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// Aspire sets ASPNETCORE_FORWARDEDHEADERS_ENABLED=true for every project it runs, which would make
/// ASP.NET believe anyone's X-Forwarded-For. Under the app host, the gateway must still decide alone.
/// </summary>
public sealed class ForwardedHeadersSwitchTests
{
    [Fact]
    public async Task AspNetForwardedHeadersSwitch_DoesNotMakeTheGatewayBelieveASpoofedClient()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await GatewayProcess.StartAsync(
            $$"""gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }""",
            new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });
        using var client = TestClients.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/up/echo/who"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");

        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Equal("127.0.0.1", echoed.Header("X-Forwarded-For"));
        var line = await gateway.WaitForJsonLineAsync(l => l.GetProperty("Category").GetString() == "Gateway.Requests"
            && l.GetProperty("State").GetProperty("Path").GetString() == "/up/echo/who");
        Assert.Equal("127.0.0.1", line.GetProperty("State").GetProperty("ClientIp").GetString());
    }
}
