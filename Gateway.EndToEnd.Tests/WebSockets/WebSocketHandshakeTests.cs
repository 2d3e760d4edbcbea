using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// The upstream is dialled before the client is answered: what it sees of the client's handshake,
/// what the client sees of its answer, and what the client gets when it will not or cannot answer.
/// </summary>
public sealed class WebSocketHandshakeTests : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() => WebSocketTestUpstream.StartAsync();

    [Fact]
    public async Task SubProtocol_ChosenByTheUpstream_IsTheOneTheClientGets()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/handshake"), o =>
        {
            o.AddSubProtocol("a");
            o.AddSubProtocol("b");
        });

        var seen = SeenHandshake.Parse(await socket.ReceiveTextAsync());

        Assert.Equal(["a", "b"], seen.SubProtocols);
        Assert.Equal("b", socket.SubProtocol);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
    }

    [Fact]
    public async Task NoSubProtocolRequested_NoneIsAgreed()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/handshake"));

        var seen = SeenHandshake.Parse(await socket.ReceiveTextAsync());

        Assert.Empty(seen.SubProtocols);
        Assert.Null(socket.SubProtocol);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
    }

    [Fact]
    public async Task Upstream_SeesPathWithoutPrefix_Query_AndTheClientsEndToEndHeaders()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/handshake/room/7?user=ann&x=%20"), o =>
        {
            o.SetRequestHeader("Cookie", "session=abc");
            o.SetRequestHeader("Authorization", "Bearer t0ken");
            o.SetRequestHeader("X-Custom", "custom value");
        });

        var seen = SeenHandshake.Parse(await socket.ReceiveTextAsync());

        Assert.Equal("/handshake/room/7", seen.Path);
        Assert.Equal("?user=ann&x=%20", seen.Query);
        Assert.Equal("session=abc", seen.Header("Cookie"));
        Assert.Equal("Bearer t0ken", seen.Header("Authorization"));
        Assert.Equal("custom value", seen.Header("X-Custom"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("http", seen.Header("X-Forwarded-Proto"));
        Assert.Equal(Gateway.Address.Authority, seen.Header("X-Forwarded-Host"));
        // The upstream's Host is its own, and its handshake fields are the gateway's, made for it.
        Assert.Equal(UpstreamApp.Address.Authority, seen.Header("Host"));
        Assert.Equal("websocket", seen.Header("Upgrade"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromAnUntrustedClient_IsReplaced()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/handshake"), o => o.SetRequestHeader("X-Forwarded-For", "6.6.6.6"));

        var seen = SeenHandshake.Parse(await socket.ReceiveTextAsync());

        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
    }

    [Fact]
    public async Task UpstreamsResponseHeaders_OnIts101_ReachTheClient()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/handshake"), o => o.CollectHttpResponseDetails = true);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal(["seen"], socket.HttpResponseHeaders![WebSocketTestUpstream.ResponseHeader]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
    }

    [Fact]
    public async Task UpstreamClose_WithItsCodeAndReason_ReachesTheClient()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/close/4321"));

        var (status, description) = await socket.AwaitCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4321, status);
        Assert.Equal("upstream says bye", description);
    }

    [Fact]
    public async Task UpstreamDroppingWithoutClose_ClosesTheClientWith1011()
    {
        using var socket = await WsClient.ConnectAsync(WsUrl("/up/drop"));

        await socket.SendTextAsync("now drop");
        var (status, _) = await socket.AwaitCloseAsync();

        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
    }

    [Fact]
    public async Task UpstreamRefusing_WithAnHttpStatus_GivesTheClientThatStatus_AndNoSocket()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUrl("/up/refuse/403"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);

        using var response = await Client.SendAsync(WsClient.UpgradeRequest(Gateway.Url("/up/refuse/503")));
        await ProblemJson.AssertAsync(response, 503);
        Assert.Equal("7", response.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task UpstreamAnsweringWithoutUpgrading_Gets502()
    {
        using var response = await Client.SendAsync(WsClient.UpgradeRequest(Gateway.Url("/up/refuse/200")));

        await ProblemJson.AssertAsync(response, 502);
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("extension")]
    [InlineData("subprotocol")]
    public async Task UpstreamsSwitchThatIsNoValidWebSocketAnswer_Gets502_AndNoSocket(string flaw)
    {
        using var response = await Client.SendAsync(WsClient.UpgradeRequest(Gateway.Url($"/up/bad-101/{flaw}")));

        await ProblemJson.AssertAsync(response, 502);
    }

    [Fact]
    public async Task UpstreamDown_Gets502_AndNoSocket()
    {
        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{TestClients.ClosedPort()}"));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsClient.Ws(gateway, "/up/ws"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadGateway, socket.HttpStatusCode);

        using var response = await Client.SendAsync(WsClient.UpgradeRequest(gateway.Url("/up/ws")));
        await ProblemJson.AssertAsync(response, 502);
    }

    [Fact]
    public async Task UpstreamSilentAfterConnect_Gets504AfterTheCallTimeout()
    {
        // Listening but never accepting: the kernel completes the TCP handshake and nobody ever answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{port}"),
            "gateway.routes.up.circuit-breaker.call-timeout = 500ms");

        using var response = await Client.SendAsync(WsClient.UpgradeRequest(gateway.Url("/up/ws")));

        await ProblemJson.AssertAsync(response, 504);
    }

    [Fact]
    public async Task RepeatedSubProtocol_Gets400()
    {
        using var request = WsClient.UpgradeRequest(Gateway.Url("/up/handshake"));
        request.Headers.Add("Sec-WebSocket-Protocol", "a, a");

        using var response = await Client.SendAsync(request);

        await ProblemJson.AssertAsync(response, 400);
    }

    [Fact]
    public async Task EncodedDotSegmentsInThePath_Get400()
    {
        using var response = await Client.SendAsync(WsClient.UpgradeRequest(Gateway.Url("/up/handshake/..%2F..%2Fsecret")));

        await ProblemJson.AssertAsync(response, 400);
    }
}
