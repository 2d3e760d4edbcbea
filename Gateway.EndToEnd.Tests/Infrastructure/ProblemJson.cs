using System.Text.Json;

namespace Gateway.EndToEnd.Tests.Infrastructure;

public static class ProblemJson
{
    /// <summary>Asserts the response is problem+json with the given status and returns its parsed body.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body;
    }
}
