using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Services;

public sealed class ServiceATests : IAsyncLifetime
{
    private RunningApp _service = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync() => _service = await DemoServices.StartServiceAAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Item_ContainsItsId_AndIsStable()
    {
        var first = await _client.GetFromJsonAsync<JsonElement>(_service.Url("/items/abc-7"));
        var again = await _client.GetFromJsonAsync<JsonElement>(_service.Url("/items/abc-7"));

        Assert.Equal("abc-7", first.GetProperty("item_id").GetString());
        Assert.Equal(first.GetProperty("price").GetDecimal(), again.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Users_IsAJsonListOfUsers()
    {
        var users = await _client.GetFromJsonAsync<JsonElement>(_service.Url("/users"));

        Assert.Equal(JsonValueKind.Array, users.ValueKind);
        Assert.All(users.EnumerateArray(), u => Assert.False(string.IsNullOrEmpty(u.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Health_SaysOk()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>(_service.Url("/healthz"));

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }
}
