using System.Net;
using System.Net.WebSockets;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary>A WebSocket handshake is a request: it spends the budget, and over the limit it is refused before any upgrade.</summary>
public sealed class WebSocketHandshakeTests : GatewayWithTestUpstream
{
    protected override string Overlay(string up) => UpRoute(up, Policy(requests: 1));

    [Fact]
    public async Task HandshakeOverTheLimit_Gets429WithRetryAfter_AndNeverReachesTheUpstream()
    {
        using (var admitted = await GetAsync("/up/echo"))
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUrl("/up/ws"), timeout.Token));

        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
        var headers = socket.HttpResponseHeaders!;
        Assert.True(int.Parse(headers["Retry-After"].Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("\"default\";q=1;w=60", headers["RateLimit-Policy"].Single());
        Assert.Equal(1, Upstream.Calls);
    }

    [Fact]
    public async Task Handshake_SpendsTheBudget()
    {
        using (var socket = new ClientWebSocket())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // Whether the upgrade succeeds is the WebSocket route's business; the handshake was counted either way.
            try
            {
                await socket.ConnectAsync(WsUrl("/up/ws"), timeout.Token);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (WebSocketException)
            {
            }
        }

        using var next = await GetAsync("/up/echo");
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
    }
}
