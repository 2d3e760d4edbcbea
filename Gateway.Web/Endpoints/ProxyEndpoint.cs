using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Endpoints;

/// <summary>
/// The catch-all endpoint: match a route, then forward. Each policy (auth, rate limit, cache, breaker)
/// takes its turn here in the order ARCHITECTURE.md gives; the decisions are the actors'.
/// </summary>
public static class ProxyEndpoint
{
    public static async Task HandleAsync(HttpContext context, RouteTableSource routes, HttpForwarder forwarder)
    {
        var path = context.Request.Path.Value ?? "/";
        if (routes.Current.Match(path) is not { } match)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "No route", $"No route matches '{path}'.");
            return;
        }

        var route = match.Route;
        var downstreamPath = route.StripPrefix ? match.Remainder : path;
        var upstream = route.Upstreams[0];
        if (UpstreamAddress.Build(upstream, downstreamPath, context.Request.QueryString) is not { } target)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad path", "The path must not contain '.' or '..' segments.");
            return;
        }

        var result = await forwarder.ForwardAsync(context, target, route.CallTimeout);
        if (!result.ResponseStarted) await ForwardErrors.WriteAsync(context, route.Id, result);
    }
}
