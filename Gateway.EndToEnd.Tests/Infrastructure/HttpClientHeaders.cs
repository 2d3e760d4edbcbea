namespace Gateway.EndToEnd.Tests.Infrastructure;

public static class HttpClientHeaders
{
    /// <summary>A GET with the given request headers, sent as given (unvalidated); a header whose value is null is not sent.</summary>
    public static async Task<HttpResponseMessage> GetWithHeadersAsync(this HttpClient client, Uri url, params (string Name, string? Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }
}
