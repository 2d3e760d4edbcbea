using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary><c>rate-limit.key = api-key</c>: each API key has its own budget, whatever address it comes from.</summary>
public sealed class ApiKeyBudgetTests : IAsyncLifetime
{
    private RunningApp _upstreamApp = null!;
    private RunningApp _gateway = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync()
    {
        (_upstreamApp, _) = await TestUpstream.StartAsync();
        _gateway = await TestGateway.StartAsync($$"""
            gateway.auth { enabled = on, api-keys = [{ name = "alice", key = "alice-key" }, { name = "bob", key = "bob-key" }] }
            gateway.routes.up {
              prefix = "/up", upstreams = ["{{_upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"]
              rate-limit { enabled = on, requests = 2, window = 1m, key = api-key }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstreamApp.DisposeAsync();
    }

    private async Task<HttpStatusCode> GetAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _gateway.Url("/up/status/200"));
        request.Headers.Add("X-API-Key", key);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task EachKey_HasItsOwnBudget_FromTheSameAddress()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync("alice-key"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("alice-key"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync("alice-key"));

        // Same client address, another key: a fresh budget.
        Assert.Equal(HttpStatusCode.OK, await GetAsync("bob-key"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("bob-key"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync("bob-key"));
    }
}
