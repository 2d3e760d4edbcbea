using Gateway.Web.Endpoints;
using Gateway.Web.Http;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Forwarding;

/// <summary>
/// Sends a matched request to one of its route's upstreams and answers the client when no upstream
/// could: picks the upstream, builds the target address, forwards, and writes the error problem.
/// Whatever wraps the upstream call (the cache) calls this; the choice of upstream lives here alone.
/// </summary>
public sealed class UpstreamDispatcher(HttpForwarder forwarder)
{
    public async Task<ForwardResult?> SendAsync(HttpContext context, RouteMatch match, Action<ReadOnlyMemory<byte>>? responseObserver = null)
    {
        var route = match.Route;
        var downstreamPath = route.StripPrefix ? match.Remainder : context.Request.Path.Value ?? "/";
        var upstream = route.Upstreams[0];
        if (UpstreamAddress.Build(upstream, downstreamPath, context.Request.QueryString) is not { } target)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad path", "The path must not contain '.' or '..' segments.");
            return null;
        }

        var outcome = RequestOutcome.Of(context);
        outcome.Upstream = upstream.GetLeftPart(UriPartial.Authority);
        var result = await forwarder.ForwardAsync(context, target, route.CallTimeout, responseObserver);
        outcome.RequestBytes = result.RequestBytes;
        outcome.ResponseBytes = result.ResponseBytes;
        if (!result.ResponseStarted) await ForwardErrors.WriteAsync(context, route.Id, result);
        return result;
    }
}
