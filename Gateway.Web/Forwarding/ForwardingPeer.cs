using System.Net;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Forwarding;

/// <summary>
/// What the socket said before ASP.NET's forwarded-headers middleware rewrote the connection: the
/// real peer, whether it is a trusted proxy, and the X-Forwarded-For it sent. The forwarder needs the
/// original chain to append to it (trusted peer) or to replace it (anyone else).
/// </summary>
public sealed record ForwardingPeer(IPAddress Address, bool Trusted, StringValues ForwardedFor);

public static class ClientAddress
{
    /// <summary>
    /// The client as docs/architecture.md defines it: the socket's address, or, behind a trusted proxy,
    /// what the forwarded-headers middleware resolved; one spelling per address.
    /// </summary>
    public static IPAddress Of(Microsoft.AspNetCore.Http.HttpContext context) =>
        Normalize(context.Connection.RemoteIpAddress ?? IPAddress.IPv6None);

    /// <summary>One spelling per client: an IPv4-mapped IPv6 address is the IPv4 address it maps.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
