using System.Net;
using System.Net.Sockets;
using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.WebSockets;

/// <summary>
/// Opens the upstream half of a proxied WebSocket over the shared handler, before the client's
/// handshake is answered, so the client can still be told why when the upstream will not have it.
/// The result is the upgraded connection itself: the relay passes frames over it as they are.
/// </summary>
public sealed class UpstreamWebSocketDialer(HttpMessageInvoker invoker)
{
    /// <summary>http becomes ws, https becomes wss; path and query stay as built for HTTP.</summary>
    public static Uri WebSocketAddress(Uri httpTarget) =>
        new UriBuilder(httpTarget) { Scheme = httpTarget.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs }.Uri;

    /// <param name="httpTarget">The upstream address with an http(s) scheme.</param>
    /// <param name="subProtocols">The client's requested subprotocols, already checked to be valid and distinct.</param>
    /// <param name="timeout">The route's call timeout: the upstream has this long to answer the handshake.</param>
    public async Task<UpstreamWebSocketDial> DialAsync(
        HttpContext context, Uri httpTarget, IReadOnlyList<string> subProtocols, TimeSpan timeout)
    {
        var key = WebSocketAcceptKey.NewKey();
        using var request = UpgradeRequest(context, httpTarget, key, subProtocols);
        var clientAborted = context.RequestAborted;
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timer.Token);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, linked.Token);
        }
        catch (Exception e)
        {
            if (clientAborted.IsCancellationRequested) return UpstreamWebSocketDial.Failed(ForwardOutcome.ClientAborted, e.Message);
            if (timer.IsCancellationRequested) return UpstreamWebSocketDial.Failed(ForwardOutcome.TimedOut, e.Message);
            return UpstreamWebSocketDial.Failed(IsConnectFailure(e) ? ForwardOutcome.ConnectFailed : ForwardOutcome.UpstreamFailed, Describe(e));
        }

        var headers = HeadersOf(response);
        var refusal = response.StatusCode != HttpStatusCode.SwitchingProtocols
            ? UpstreamWebSocketDial.Refused((int)response.StatusCode, headers, $"the upstream answered {(int)response.StatusCode}")
            : Invalid101(response, key, subProtocols) is { } problem
                ? UpstreamWebSocketDial.Failed(ForwardOutcome.UpstreamFailed, $"the upstream's 101 is not a valid WebSocket handshake: {problem}")
                : null;
        if (refusal is not null)
        {
            response.Dispose();
            return refusal;
        }
        try
        {
            // The content of a 101 is the connection itself, readable and writable. It is the caller's
            // now: disposing the response would close it.
            var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            return UpstreamWebSocketDial.Connected(stream, ChosenSubProtocol(response), headers);
        }
        catch (Exception e)
        {
            response.Dispose();
            return UpstreamWebSocketDial.Failed(clientAborted.IsCancellationRequested ? ForwardOutcome.ClientAborted : ForwardOutcome.UpstreamFailed, Describe(e));
        }
    }

    private static HttpRequestMessage UpgradeRequest(HttpContext context, Uri httpTarget, string key, IReadOnlyList<string> subProtocols)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, httpTarget)
        {
            // An upgrade exists only in HTTP/1.1.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        WebSocketHandshakeHeaders.CopyRequestHeaders(context, request);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("Connection", "Upgrade");
        headers.TryAddWithoutValidation("Upgrade", "websocket");
        headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        headers.TryAddWithoutValidation("Sec-WebSocket-Key", key);
        if (subProtocols.Count > 0) headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", string.Join(", ", subProtocols));
        return request;
    }

    /// <summary>What makes a 101 unusable (RFC 6455 §4.1, the client's checks), or null when it is fine.</summary>
    private static string? Invalid101(HttpResponseMessage response, string key, IReadOnlyList<string> subProtocols)
    {
        if (!response.Headers.Upgrade.Any(p => p.Name.Equals("websocket", StringComparison.OrdinalIgnoreCase)))
            return "no 'Upgrade: websocket'";
        if (Single(response, "Sec-WebSocket-Accept") != WebSocketAcceptKey.For(key))
            return "a wrong Sec-WebSocket-Accept";
        // The gateway offers no extension, so the upstream may not have picked one.
        if (response.Headers.Contains("Sec-WebSocket-Extensions"))
            return "an extension the gateway did not offer";
        if (ChosenSubProtocol(response) is { } chosen && !subProtocols.Contains(chosen, StringComparer.Ordinal))
            return $"subprotocol '{chosen}', which the client did not ask for";
        return null;
    }

    private static string? ChosenSubProtocol(HttpResponseMessage response) => Single(response, "Sec-WebSocket-Protocol");

    private static string? Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values).Trim() : null;

    private static Dictionary<string, IEnumerable<string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers) headers[name] = values;
        foreach (var (name, values) in response.Content.Headers) headers[name] = values;
        return headers;
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

    // HttpClient wraps the cause in a generic message.
    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
