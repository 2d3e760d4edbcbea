using Gateway.Web.Auth;
using Gateway.Web.Caching;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.RateLimiting;
using Gateway.Web.Routing;
using Gateway.Web.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Endpoints;

/// <summary>
/// The catch-all endpoint. Each policy takes its turn in the order docs/architecture.md gives: route,
/// auth, rate limit, then (WebSocket handshakes aside) cache, breaker and forward. The decisions are
/// the actors'; this class only puts them in order.
/// </summary>
public sealed class ProxyEndpoint(RouteTableSource routes, RateLimitGate rateLimit, WebSocketProxy webSockets, CacheGate cache)
{
    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (routes.Current.Match(path) is not { } match)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "No route", $"No route matches '{path}'.");
            return;
        }

        var outcome = RequestOutcome.Of(context);
        outcome.RouteId = match.Route.Id;
        outcome.ClientKey = ClientAddress.Of(context).ToString();
        if (!await ApiKeyCheck.AdmitAsync(context, match.Route.Auth)) return;

        // Before the WebSocket branch: a handshake is a request and spends the budget like any other.
        if (!await rateLimit.AdmitAsync(context, match.Route)) return;

        if (context.WebSockets.IsWebSocketRequest)
        {
            await webSockets.HandleAsync(context, match);
            return;
        }

        await cache.SendAsync(context, match);
    }
}
