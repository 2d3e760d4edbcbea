using System.Net;
using Gateway.Web.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gateway.Web.Forwarding;

/// <summary>
/// Client identity per docs/architecture.md: the socket's address, unless the peer is a configured trusted
/// proxy, in which case ASP.NET's forwarded-headers middleware takes the right-most untrusted
/// X-Forwarded-For entry. Nothing is trusted by default, not even loopback.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static ForwardedHeadersOptions Options(IReadOnlyList<System.Net.IPNetwork> trustedProxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
            RequireHeaderSymmetry = false,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in trustedProxies) options.KnownIPNetworks.Add(network);
        return options;
    }

    /// <summary>Records the raw peer before the middleware rewrites it; see <see cref="ForwardingPeer"/>.</summary>
    public static IApplicationBuilder UseGatewayForwardedHeaders(this IApplicationBuilder app, GatewaySettings settings)
    {
        var trusted = settings.TrustedProxies;
        app.Use((context, next) =>
        {
            var raw = context.Connection.RemoteIpAddress ?? IPAddress.IPv6None;
            var address = ClientAddress.Of(context);
            context.Features.Set(new ForwardingPeer(address, IsTrusted(trusted, address, raw), context.Request.Headers["X-Forwarded-For"]));
            return next(context);
        });
        // With no known proxies at all, ASP.NET's middleware believes every peer; so it only runs
        // when there is someone to believe.
        return trusted.Count == 0 ? app : app.UseForwardedHeaders(Options(trusted));
    }

    // A loop rather than a lambda over the addresses: this runs on every request, and a closure is an allocation.
    private static bool IsTrusted(IReadOnlyList<System.Net.IPNetwork> trusted, IPAddress address, IPAddress raw)
    {
        foreach (var network in trusted)
        {
            if (network.Contains(address) || network.Contains(raw)) return true;
        }
        return false;
    }
}
