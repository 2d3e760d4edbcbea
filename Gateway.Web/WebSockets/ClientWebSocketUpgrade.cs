using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.WebSockets;

/// <summary>
/// Answers the client's WebSocket handshake and takes over its connection: the relay then passes the
/// client's frames on as they are, which is why Kestrel's own WebSocket is not used.
/// </summary>
public static class ClientWebSocketUpgrade
{
    /// <summary>
    /// Accepts with <paramref name="subProtocol"/> (the one the upstream chose) and no extension, and
    /// returns the stream of frames. The request must be a WebSocket request
    /// (<see cref="WebSocketManager.IsWebSocketRequest"/>), over HTTP/1.1 or HTTP/2 (RFC 8441).
    /// </summary>
    public static async Task<Stream> AcceptAsync(HttpContext context, string? subProtocol)
    {
        var response = context.Response;
        if (subProtocol is not null) response.Headers.SecWebSocketProtocol = subProtocol;

        // HTTP/2: an extended CONNECT is answered 200, and its stream carries the frames (no key to prove).
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return await connect.AcceptAsync();

        var upgrade = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } feature
            ? feature
            : throw new InvalidOperationException("the request cannot be upgraded");
        response.Headers.Connection = HeaderNames.Upgrade;
        response.Headers.Upgrade = "websocket";
        response.Headers.SecWebSocketAccept = WebSocketAcceptKey.For(context.Request.Headers.SecWebSocketKey.ToString());
        return await upgrade.UpgradeAsync();
    }
}
