using Microsoft.AspNetCore.Http;

namespace Gateway.Web.WebSockets;

/// <summary>
/// The subprotocols a client asked for, checked before they are offered upstream: each must be an
/// HTTP token (RFC 6455 §4.1) and appear once, or the handshake is a bad request.
/// </summary>
public static class RequestedSubProtocols
{
    private const string Separators = "()<>@,;:\\\"/[]?={} ";

    /// <summary>The requested subprotocols in the client's order, or null when one is malformed or repeated.</summary>
    public static IReadOnlyList<string>? Read(HttpContext context)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var protocol in requested)
        {
            if (!IsToken(protocol) || !seen.Add(protocol)) return null;
        }
        return requested.ToArray();
    }

    private static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => c is > (char)0x20 and < (char)0x7F && !Separators.Contains(c));
}
