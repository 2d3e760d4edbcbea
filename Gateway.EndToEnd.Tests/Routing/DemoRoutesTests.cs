using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using ServiceA;

namespace Gateway.EndToEnd.Tests.Routing;

/// <summary>The shipped routes (/service-a) reach the real ServiceA, only its address changed to an ephemeral port.</summary>
public sealed class DemoRoutesTests : IAsyncLifetime
{
    private RunningApp _serviceA = null!;
    private RunningApp _gateway = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync()
    {
        _serviceA = await RunningApp.StartAsync(ServiceAApp.Build(["--urls", RunningApp.LoopbackUrls]));
        _gateway = await TestGateway.StartAsync(
            $"gateway.routes.service-a.upstreams = [\"{_serviceA.Address.GetLeftPart(UriPartial.Authority)}\"]");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _serviceA.DisposeAsync();
    }

    [Fact]
    public async Task ServiceAItem_ThroughGateway_CarriesTheId()
    {
        var item = await _client.GetFromJsonAsync<JsonElement>(_gateway.Url("/service-a/items/123"));
        Assert.Equal("123", item.GetProperty("item_id").GetString());
    }

    [Fact]
    public async Task ServiceAUsers_ThroughGateway_IsAList()
    {
        var users = await _client.GetFromJsonAsync<JsonElement>(_gateway.Url("/service-a/users"));
        Assert.Equal(JsonValueKind.Array, users.ValueKind);
        Assert.True(users.GetArrayLength() > 0);
    }
}
