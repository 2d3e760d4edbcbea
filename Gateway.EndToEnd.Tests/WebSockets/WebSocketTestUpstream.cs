using System.Net.WebSockets;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// A WebSocket upstream whose behaviour a test picks by path: report its handshake, close with a
/// chosen code, refuse with a chosen status, or drop the connection without a Close after the first message.
/// </summary>
public static class WebSocketTestUpstream
{
    public const string ResponseHeader = "X-Upstream-Handshake";

    public static async Task<RunningApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", RunningApp.LoopbackUrls]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/handshake/{**rest}", ReportHandshakeAsync);
        app.Map("/close/{code:int}", CloseWithAsync);
        app.Map("/refuse/{code:int}", (int code, HttpContext c) =>
        {
            c.Response.Headers.RetryAfter = "7";
            return Results.Text($"refused with {code}", statusCode: code);
        });
        app.Map("/drop", DropAsync);
        app.Map("/bad-101/{flaw}", BadSwitchAsync);
        return await RunningApp.StartAsync(app);
    }

    /// <summary>
    /// Switches protocols with a 101 that is not a valid WebSocket answer: a wrong Sec-WebSocket-Accept,
    /// an extension nobody offered, or a subprotocol nobody asked for. Then holds the connection open.
    /// </summary>
    private static async Task BadSwitchAsync(HttpContext context, string flaw)
    {
        var accept = WebSocketAcceptKey.For(context.Request.Headers.SecWebSocketKey.ToString());
        var headers = context.Response.Headers;
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = flaw == "accept" ? "d3Jvbmcgd3Jvbmcgd3Jvbmc=" : accept;
        if (flaw == "extension") headers.SecWebSocketExtensions = "permessage-deflate";
        if (flaw == "subprotocol") headers.SecWebSocketProtocol = "never-asked";
        await using var stream = await context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()!.UpgradeAsync();
        await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
    }

    /// <summary>
    /// Accepts with the LAST subprotocol offered (so a test can tell the upstream's pick from a default),
    /// sends one text message describing the handshake it saw, then waits for the Close and answers it.
    /// </summary>
    private static async Task ReportHandshakeAsync(HttpContext context)
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        context.Response.Headers[ResponseHeader] = "seen";
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offered.Count > 0 ? offered[^1] : null);
        var report = new SeenHandshake(
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            offered.ToArray(),
            context.Request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value.ToArray()), StringComparer.OrdinalIgnoreCase));
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(report), WebSocketMessageType.Text, true, context.RequestAborted);
        await AnswerCloseAsync(socket, context.RequestAborted);
    }

    private static async Task CloseWithAsync(int code, HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(WsClient.Patience);
        await socket.CloseAsync((WebSocketCloseStatus)code, "upstream says bye", timeout.Token);
    }

    /// <summary>Accepts, waits for one message (so the 101 has surely gone out), then cuts the connection.</summary>
    private static async Task DropAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.ReceiveAsync(new byte[1024], context.RequestAborted);
        context.Abort();
    }

    private static async Task AnswerCloseAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[4096];
        try
        {
            while ((await socket.ReceiveAsync(buffer, aborted)).MessageType != WebSocketMessageType.Close)
            {
            }
            await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The gateway dropped the connection; nothing to answer.
        }
    }
}

public sealed record SeenHandshake(string Path, string Query, string[] SubProtocols, Dictionary<string, string> Headers)
{
    public static SeenHandshake Parse(string json) =>
        JsonSerializer.Deserialize<SeenHandshake>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
