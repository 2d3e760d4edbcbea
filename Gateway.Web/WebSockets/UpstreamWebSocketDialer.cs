using System.Net.Sockets;
using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.WebSockets;

/// <summary>
/// Opens the upstream half of a proxied WebSocket over the shared handler, before the client's
/// handshake is answered, so the client can still be told why when the upstream will not have it.
/// </summary>
public sealed class UpstreamWebSocketDialer(HttpMessageInvoker invoker)
{
    /// <summary>http becomes ws, https becomes wss; path and query stay as built for HTTP.</summary>
    public static Uri WebSocketAddress(Uri httpTarget) =>
        new UriBuilder(httpTarget) { Scheme = httpTarget.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs }.Uri;

    /// <param name="subProtocols">The client's requested subprotocols, already checked to be valid and distinct.</param>
    /// <param name="timeout">The route's call timeout: the upstream has this long to answer the handshake.</param>
    public async Task<UpstreamWebSocketDial> DialAsync(
        HttpContext context, Uri target, IReadOnlyList<string> subProtocols, WebSocketRelay.Settings settings, TimeSpan timeout)
    {
        var socket = new ClientWebSocket();
        var options = socket.Options;
        options.KeepAliveInterval = settings.KeepAlive;
        options.CollectHttpResponseDetails = true;
        foreach (var protocol in subProtocols) options.AddSubProtocol(protocol);
        WebSocketHandshakeHeaders.CopyRequestHeaders(context, options);

        var clientAborted = context.RequestAborted;
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timer.Token);
        try
        {
            await socket.ConnectAsync(target, invoker, linked.Token);
            var headers = socket.HttpResponseHeaders;
            socket.HttpResponseHeaders = null; // read once; not kept alive for the connection's lifetime
            return UpstreamWebSocketDial.Connected(socket, headers);
        }
        catch (Exception e)
        {
            var status = (int)socket.HttpStatusCode;
            var headers = socket.HttpResponseHeaders;
            socket.Dispose();
            if (clientAborted.IsCancellationRequested) return UpstreamWebSocketDial.Failed(ForwardOutcome.ClientAborted, e.Message);
            if (timer.IsCancellationRequested) return UpstreamWebSocketDial.Failed(ForwardOutcome.TimedOut, e.Message);
            if (status != 0) return UpstreamWebSocketDial.Refused(status, headers, e.Message);
            return UpstreamWebSocketDial.Failed(IsConnectFailure(e) ? ForwardOutcome.ConnectFailed : ForwardOutcome.UpstreamFailed, Describe(e));
        }
    }

    private static bool IsConnectFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                or SocketException)
            {
                return true;
            }
        }
        return false;
    }

    // ClientWebSocket wraps the cause in a generic "Unable to connect to the remote server".
    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
