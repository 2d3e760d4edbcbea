using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Routing;

/// <summary>The shipped routes (/service-a) reach the real ServiceA, only its address changed to an ephemeral port.</summary>
public sealed class DemoRoutesTests : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() => DemoServices.StartServiceAAsync();

    protected override string Overlay(string serviceA) => DemoServices.ShippedRouteTo("service-a", serviceA);

    [Fact]
    public async Task ServiceAItem_ThroughGateway_CarriesTheId()
    {
        var item = await Client.GetFromJsonAsync<JsonElement>(Gateway.Url("/service-a/items/123"));
        Assert.Equal("123", item.GetProperty("item_id").GetString());
    }

    [Fact]
    public async Task ServiceAUsers_ThroughGateway_IsAList()
    {
        var users = await Client.GetFromJsonAsync<JsonElement>(Gateway.Url("/service-a/users"));
        Assert.Equal(JsonValueKind.Array, users.ValueKind);
        Assert.True(users.GetArrayLength() > 0);
    }
}
