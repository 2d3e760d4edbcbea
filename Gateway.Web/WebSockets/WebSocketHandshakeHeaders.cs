using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.WebSockets;

/// <summary>
/// Which header fields cross the gateway during a WebSocket handshake. The two handshakes (client to
/// gateway, gateway to upstream) are separate: each side's <c>Sec-WebSocket-*</c> fields belong to its
/// own handshake, and the subprotocol travels through the sockets' own negotiation. Everything
/// end-to-end (cookies, credentials, custom fields) goes on, with X-Forwarded-* set as for HTTP.
/// </summary>
public static class WebSocketHandshakeHeaders
{
    // Written by the server that answers the client (Kestrel), never copied from the upstream's answer.
    private static readonly HashSet<string> OwnResponseFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Length", "Content-Type",
    };

    /// <summary>Sets the client's end-to-end fields and X-Forwarded-* on the upstream handshake.</summary>
    public static void CopyRequestHeaders(HttpContext context, HttpRequestMessage request)
    {
        foreach (var (name, values) in UpstreamRequestFactory.EndToEndHeaders(context))
        {
            // HTTP/2 pseudo-headers (":protocol" of an extended CONNECT) are not fields of the upstream's HTTP/1.1 request.
            if (IsHandshakeField(name) || name.StartsWith(':')) continue;
            request.Headers.TryAddWithoutValidation(name, Join(name, values));
        }
        foreach (var (name, value) in UpstreamRequestFactory.ForwardedHeaders(context))
            request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>
    /// Passes the upstream's end-to-end response fields (a Set-Cookie on its 101, a Retry-After on its
    /// 503) to the client's response, before the gateway writes its own answer.
    /// </summary>
    public static void CopyResponseHeaders(IReadOnlyDictionary<string, IEnumerable<string>>? upstream, HttpResponse response, ILogger logger)
    {
        if (upstream is null) return;
        var hopByHop = HopByHopHeaders.For(upstream.TryGetValue("Connection", out var connection) ? connection : []);
        foreach (var (name, values) in upstream)
        {
            if (hopByHop.Contains(name) || IsHandshakeField(name) || OwnResponseFields.Contains(name)) continue;
            ClientResponseFields.Copy(response, name, new StringValues(values.ToArray()), logger, append: true);
        }
    }

    /// <summary>Sec-WebSocket-Key/-Accept/-Version/-Extensions/-Protocol: one handshake's own business.</summary>
    public static bool IsHandshakeField(string name) => name.StartsWith("Sec-WebSocket-", StringComparison.OrdinalIgnoreCase);

    // One line per field; a repeated Cookie field joins with "; " (RFC 6265 §5.4), others with ", ".
    private static string Join(string name, StringValues values) =>
        values.Count == 1
            ? values[0] ?? ""
            : string.Join(name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ", values.ToArray());
}
