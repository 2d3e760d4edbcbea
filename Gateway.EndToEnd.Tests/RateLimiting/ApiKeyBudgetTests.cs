using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary><c>rate-limit.key = api-key</c>: each API key has its own budget, whatever address it comes from.</summary>
public sealed class ApiKeyBudgetTests : GatewayWithTestUpstream
{
    protected override string Overlay(string up) => $$"""
        gateway.auth { enabled = on, api-keys = [{ name = "alice", key = "alice-key" }, { name = "bob", key = "bob-key" }] }
        gateway.routes.up {
          prefix = "/up", upstreams = ["{{up}}"]
          rate-limit { enabled = on, requests = 2, window = 1m, key = api-key }
        }
        """;

    private async Task<HttpStatusCode> StatusWithKeyAsync(string key)
    {
        using var response = await GetAsync("/up/status/200", ("X-API-Key", key));
        return response.StatusCode;
    }

    [Fact]
    public async Task EachKey_HasItsOwnBudget_FromTheSameAddress()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync("alice-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync("alice-key"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusWithKeyAsync("alice-key"));

        // Same client address, another key: a fresh budget.
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync("bob-key"));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync("bob-key"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusWithKeyAsync("bob-key"));
    }
}
