namespace Gateway.EndToEnd.Tests.Infrastructure;

public static class HttpClientHeaders
{
    /// <summary>A GET with one request header (sent as given, unvalidated); a null value sends no header at all.</summary>
    public static async Task<HttpResponseMessage> GetWithHeaderAsync(this HttpClient client, Uri url, string header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (value is not null) request.Headers.TryAddWithoutValidation(header, value);
        return await client.SendAsync(request);
    }
}
