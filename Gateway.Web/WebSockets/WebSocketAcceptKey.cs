using System.Security.Cryptography;
using System.Text;

namespace Gateway.Web.WebSockets;

/// <summary>The HTTP/1.1 opening handshake's key and its proof of receipt (RFC 6455 §4.1, §4.2.2).</summary>
public static class WebSocketAcceptKey
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The Sec-WebSocket-Accept a server answers <paramref name="key"/> with.</summary>
    public static string For(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + Guid)));
}
