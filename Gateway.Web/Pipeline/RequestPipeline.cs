using Gateway.Web.Auth;
using Gateway.Web.Caching;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.RateLimiting;
using Gateway.Web.Routing;
using Gateway.Web.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Pipeline;

/// <summary>
/// The whole request path, in order: the one catch-all endpoint. Every stage returns what it decided;
/// this class puts them in order and is the only writer of the gateway's own answers (a
/// <see cref="Refusal"/>: 400, 401, 404, 429, 502, 503, 504). docs/architecture.md walks the same path.
/// </summary>
/// <remarks>
/// <para>The steps, and what each costs on the hot path (a board is a snapshot an actor publishes and
/// only that actor writes; an Ask is a message to an actor and its answer, once per request at most):</para>
/// <list type="number">
/// <item><b>Route</b>: the longest prefix in the route table's snapshot (<see cref="RouteTableSource"/>); no actor.</item>
/// <item><b>Client identity</b>: the connection's peer, or the client a trusted proxy named in
/// <c>X-Forwarded-For</c> (ForwardedHeaders ran before this endpoint); no actor.</item>
/// <item><b>Auth</b>: the route's API keys, compared in constant time (<see cref="ApiKeyCheck"/>); no actor.</item>
/// <item><b>Rate limit</b>: a permit from this node's lease on the <c>RateLimitBoard</c>, or one Ask of the
/// client's limiter entity, wherever in the cluster it lives (<see cref="RateLimitGate"/>). Before the
/// WebSocket branch: a handshake spends the budget like any other request.</item>
/// <item><b>WebSocket hand-off</b>: dial the upstream, accept the client, hand both connections to a relay
/// actor (a Tell) and wait for it to end (<see cref="WebSocketProxy"/>).</item>
/// <item><b>Cache</b>: a fresh entry on the <c>CacheBoard</c>, or one Ask of the key's cache entity; a hit is
/// written from memory, a miss goes on and its response is teed into the entry (<see cref="CacheGate"/>).</item>
/// <item><b>Upstream choice and breaker</b>: the upstreams whose breakers admit, read from the
/// <c>BreakerBoard</c>; one Ask for the probe when a breaker is due (<see cref="UpstreamDispatcher"/>).</item>
/// <item><b>Forward</b>: over the one shared <c>SocketsHttpHandler</c>, bodies streamed both ways, hop-by-hop
/// fields dropped (<see cref="HttpForwarder"/>); a failed connect is tried once on another upstream.</item>
/// <item><b>Report</b>: the outcome to the breaker (a Tell, only when it could change something) and the
/// response to the cache entry (a Tell as the teed body completes).</item>
/// <item><b>Log</b>: the request log line and the telemetry, written by the middleware around this endpoint
/// from what each step noted in <see cref="RequestOutcome"/>.</item>
/// </list>
/// </remarks>
public sealed class RequestPipeline(RouteTableSource routes, RateLimitGate rateLimit, WebSocketProxy webSockets, CacheGate cache)
{
    public async Task HandleAsync(HttpContext context)
    {
        // 1. Route.
        var path = context.Request.Path.Value ?? "/";
        if (routes.Current.Match(path) is not { } match)
        {
            await NoRoute(path).WriteAsync(context);
            return;
        }
        var route = match.Route;
        var outcome = RequestOutcome.Of(context);
        outcome.RouteId = route.Id;

        // 2. Client identity.
        outcome.ClientKey = ClientAddress.Of(context).ToString();

        // 3. Auth, then 4. rate limit (a request without a valid key spends no budget).
        if ((ApiKeyCheck.Check(context, route.Auth) ?? await rateLimit.AdmitAsync(context, route)) is { } refused)
        {
            await refused.WriteAsync(context);
            return;
        }

        // 5. WebSocket hand-off, or 6.-9. cache, upstream choice and breaker, forward, report.
        var answer = context.WebSockets.IsWebSocketRequest
            ? await webSockets.HandleAsync(context, match)
            : await cache.SendAsync(context, match);
        if (answer is not null) await answer.WriteAsync(context);
        // 10. Log: the middleware around this endpoint, once the response is complete.
    }

    private static Refusal NoRoute(string path) =>
        new(StatusCodes.Status404NotFound, "No route", $"No route matches '{path}'.") { NotForwarded = true };
}
