using System.Net.WebSockets;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.WebSockets;

/// <summary>
/// A WebSocket handshake on a matched route: the upstream is dialled first, so a dead or unwilling
/// upstream gets its HTTP answer to the client before anything is accepted; then the client is
/// accepted with the subprotocol the upstream chose, and both upgraded connections go to a relay actor
/// for the rest of the connection. The request lasts exactly as long as the relay.
/// </summary>
public sealed partial class WebSocketProxy(
    UpstreamWebSocketDialer dialer,
    IRequiredActor<RelaySupervisorActor> relays,
    ActorSystem system,
    ILogger<WebSocketProxy> logger)
{
    private static readonly Refusal ShuttingDown = new(StatusCodes.Status503ServiceUnavailable, "Gateway shutting down",
        "The gateway is shutting down and takes no new WebSocket connections.");

    private static readonly Refusal BadSubProtocol = new(StatusCodes.Status400BadRequest, "Bad subprotocol",
        "Sec-WebSocket-Protocol must list distinct tokens.");

    /// <summary>Null once the connection has been relayed (or the client left); otherwise the answer to its handshake.</summary>
    public async Task<Refusal?> HandleAsync(HttpContext context, RouteMatch match)
    {
        var route = match.Route;
        // No relay could be started, and a started handshake would wait for it forever.
        if (system.WhenTerminated.IsCompleted) return ShuttingDown;
        if (RequestedSubProtocols.Read(context) is not { } subProtocols) return BadSubProtocol;

        // Same path rules as HTTP (see UpstreamDispatcher): prefix stripped or kept, base path, dot segments refused.
        var upstream = route.Upstreams[0];
        var downstreamPath = route.StripPrefix ? match.Remainder : context.Request.Path.Value ?? "/";
        if (UpstreamAddress.Build(upstream, downstreamPath, context.Request.QueryString) is not { } httpTarget) return UpstreamAddress.BadPath;
        var target = UpstreamWebSocketDialer.WebSocketAddress(httpTarget);
        var outcome = RequestOutcome.Of(context);
        outcome.Upstream = upstream.GetLeftPart(UriPartial.Authority);

        var dial = await dialer.DialAsync(context, httpTarget, subProtocols, route.CallTimeout);
        if (dial.Stream is not { } upstreamStream) return RefusalFor(context, route.Id, target, dial);

        Stream client;
        try
        {
            WebSocketHandshakeHeaders.CopyResponseHeaders(dial.ResponseHeaders, context.Response, logger);
            client = await ClientWebSocketUpgrade.AcceptAsync(context, dial.SubProtocol);
        }
        catch (Exception e)
        {
            // The client left between its request and our answer: nobody to relay for.
            LogAcceptFailed(route.Id, e.Message);
            await upstreamStream.DisposeAsync();
            return null;
        }

        var result = await RelayAsync(context.TraceIdentifier, route.Id, target, dial.SubProtocol, client, upstreamStream, route.WebSocket);
        outcome.RequestBytes = result.BytesFromClient;
        outcome.ResponseBytes = result.BytesFromUpstream;
        return null;
    }

    private async Task<RelayResult> RelayAsync(
        string connectionId, string routeId, Uri target, string? subProtocol, Stream client, Stream upstream, WebSocketRelay.Settings settings)
    {
        LogOpened(connectionId, routeId, target, subProtocol ?? "");
        var done = WebSocketRelay.CreateCompletion();
        // From this Tell on the relay owns both connections; they are not touched here again.
        relays.ActorRef.Tell(new WebSocketRelaySupervisor.StartRelay(connectionId,
            WebSocketRelay.Props(connectionId, client, upstream, settings, done)));
        var result = await UntilRelayEndsAsync(connectionId, client, upstream, done.Task);
        LogClosed(connectionId, routeId, result.Reason, (int)result.CloseStatus, (long)result.Duration.TotalMilliseconds,
            result.MessagesFromClient, result.MessagesFromUpstream, result.BytesFromClient, result.BytesFromUpstream);
        return result;
    }

    /// <summary>
    /// The relay completes <paramref name="relayDone"/> however it ends, even when the actor system stops
    /// it. Only a StartRelay lost to an actor system that terminated before it arrived leaves it pending;
    /// then the connections never left this method's hands and are dropped here.
    /// </summary>
    private async Task<RelayResult> UntilRelayEndsAsync(string connectionId, Stream client, Stream upstream, Task<RelayResult> relayDone)
    {
        await Task.WhenAny(relayDone, system.WhenTerminated);
        if (relayDone.IsCompleted) return await relayDone;
        foreach (var stream in new[] { client, upstream }) await stream.DisposeAsync();
        return new RelayResult(connectionId, RelayEndReason.Shutdown, WebSocketCloseStatus.EndpointUnavailable,
            "gateway shutting down", 0, 0, 0, 0, TimeSpan.Zero);
    }

    private Refusal RefusalFor(HttpContext context, string routeId, Uri target, UpstreamWebSocketDial dial)
    {
        if (dial.Failure is { } failure)
        {
            if (failure != ForwardOutcome.ClientAborted) LogDialFailed(routeId, target, failure, dial.Error ?? "");
            return ForwardErrors.RefusalFor(routeId, new ForwardResult(failure, 0, false, 0, 0, dial.Error));
        }

        LogRefused(routeId, target, dial.RefusalStatus);
        // An upstream's 4xx/5xx is its answer to give; anything else short of 101 (a 200, a redirect) is
        // not a WebSocket the client could use.
        var passOn = dial.RefusalStatus is >= 400 and <= 599;
        if (passOn) WebSocketHandshakeHeaders.CopyResponseHeaders(dial.ResponseHeaders, context.Response, logger);
        return passOn
            ? new Refusal(dial.RefusalStatus, "Upstream refused the WebSocket",
                $"The upstream of route '{routeId}' answered the handshake with {dial.RefusalStatus}.")
            : new Refusal(StatusCodes.Status502BadGateway, "Upstream did not upgrade",
                $"The upstream of route '{routeId}' answered the handshake with {dial.RefusalStatus} instead of 101.");
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information,
        Message = "WebSocket {ConnectionId} opened on route {RouteId} to {Target} (subprotocol '{SubProtocol}')")]
    private partial void LogOpened(string connectionId, string routeId, Uri target, string subProtocol);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information,
        Message = "WebSocket {ConnectionId} on route {RouteId} closed: {Reason}, status {CloseStatus}, after {DurationMs} ms; " +
                  "messages client->upstream {MessagesFromClient}, upstream->client {MessagesFromUpstream}; " +
                  "bytes client->upstream {BytesFromClient}, upstream->client {BytesFromUpstream}")]
    private partial void LogClosed(string connectionId, string routeId, RelayEndReason reason, int closeStatus, long durationMs,
        long messagesFromClient, long messagesFromUpstream, long bytesFromClient, long bytesFromUpstream);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "WebSocket handshake on route {RouteId} to {Target} failed: {Outcome}: {Error}")]
    private partial void LogDialFailed(string routeId, Uri target, ForwardOutcome outcome, string error);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "WebSocket handshake on route {RouteId}: {Target} answered {Status} instead of 101")]
    private partial void LogRefused(string routeId, Uri target, int status);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "WebSocket handshake on route {RouteId}: the client left before it was accepted ({Error})")]
    private partial void LogAcceptFailed(string routeId, string error);
}

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
