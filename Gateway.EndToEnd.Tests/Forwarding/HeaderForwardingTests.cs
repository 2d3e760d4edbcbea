using System.Net.Http.Headers;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

public sealed class HeaderForwardingTests : GatewayWithTestUpstream
{

    [Fact]
    public async Task MethodHeadersAndBody_AreForwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Gateway.Url("/up/echo/thing"))
        {
            Content = new StringContent("twelve bytes", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Custom", ["one", "two"]);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        using var response = await Client.SendAsync(request);
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal("PUT", echo.Method);
        Assert.Equal("/echo/thing", echo.Path);
        Assert.Equal(12, echo.BodyBytes);
        Assert.Equal("one, two", echo.Header("X-Custom"));
        Assert.Equal("Bearer token", echo.Header("Authorization"));
        Assert.StartsWith("text/plain", echo.Header("Content-Type"));
    }

    [Fact]
    public async Task HostHeader_IsTheUpstreams()
    {
        using var response = await GetAsync("/up/echo");
        var echo = await EchoedRequest.ReadAsync(response);
        Assert.Equal(UpstreamApp.Address.Authority, echo.Header("Host"));
        Assert.Equal(Gateway.Address.Authority, echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task HopByHopRequestHeaders_AreDropped()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Gateway.Url("/up/echo"));
        request.Headers.Connection.Add("X-Named-By-Connection");
        request.Headers.TryAddWithoutValidation("X-Named-By-Connection", "secret");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.TryAddWithoutValidation("Trailer", "X-Checksum");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");
        using var response = await Client.SendAsync(request);
        var echo = await EchoedRequest.ReadAsync(response);

        foreach (var name in new[] { "X-Named-By-Connection", "Keep-Alive", "Proxy-Connection", "TE", "Proxy-Authorization", "Trailer" })
            Assert.Null(echo.Header(name));
        Assert.Equal("kept", echo.Header("X-End-To-End"));
    }

    [Fact]
    public async Task ForwardedHeaders_FromUntrustedPeer_AreReplaced()
    {
        using var response = await GetAsync("/up/echo",
            ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "evil.example"));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(Gateway.Address.Authority, echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task ResponseStatusAndRepeatedSetCookie_AreKeptApart()
    {
        using var cookies = await GetAsync("/up/cookies");
        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], cookies.Headers.GetValues("Set-Cookie").ToArray());

        using var teapot = await GetAsync("/up/status/418");
        Assert.Equal(418, (int)teapot.StatusCode);
        Assert.Equal("status 418", await teapot.Content.ReadAsStringAsync());
    }
}

public sealed class TrustedProxyForwardingTests : GatewayWithTestUpstream
{
    protected override string Overlay(string upstream) =>
        UpRoute(upstream, """gateway.forwarded-headers.trusted-proxies = ["127.0.0.0/8"]""");

    [Fact]
    public async Task ForwardedChain_FromTrustedPeer_IsExtended()
    {
        using var response = await GetAsync("/up/echo", ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal("203.0.113.7, 127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
    }
}

public sealed class ResponseHopByHopTests
{
    [Fact]
    public async Task HopByHopResponseHeaders_AreDropped()
    {
        await using var raw = new RawHttpUpstream("""
            HTTP/1.1 200 OK
            Content-Length: 2
            Connection: X-Hop
            X-Hop: secret
            Keep-Alive: timeout=5
            Proxy-Authenticate: Basic realm="x"
            Proxy-Connection: keep-alive
            Trailer: X-Checksum
            Upgrade: h2c
            X-End-To-End: kept

            ok
            """);
        await using var gateway = await TestGateway.StartForAsync(raw.Address);
        using var client = TestClients.Http();

        using var response = await client.GetAsync(gateway.Url("/up/anything"));

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("kept", response.Headers.GetValues("X-End-To-End").Single());
        foreach (var name in new[] { "X-Hop", "Keep-Alive", "Proxy-Authenticate", "Proxy-Connection", "Trailer", "Upgrade" })
            Assert.False(response.Headers.Contains(name), $"{name} should not reach the client");
    }
}
