using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Forwarding;

/// <summary>
/// Sends one request to one upstream over the shared handler and streams the answer back. It decides
/// nothing about policy: it reports how the exchange ended and leaves errors unwritten when the
/// response has not started, so the caller can retry elsewhere or answer with a problem.
/// </summary>
public sealed partial class HttpForwarder(HttpMessageInvoker invoker, ILogger<HttpForwarder> logger)
{
    /// <param name="responseHead">
    /// Called with the upstream's status as soon as its response headers are in, before the body
    /// streams: the breaker hears how the call went without waiting for a long download.
    /// </param>
    /// <param name="hooks">What the caller watches or takes over (<see cref="ExchangeHooks"/>).</param>
    public async Task<ForwardResult> ForwardAsync(HttpContext context, Uri target, TimeSpan callTimeout,
        ExchangeHooks? hooks = null, Action<int>? responseHead = null)
    {
        var clientAborted = context.RequestAborted;
        var (request, body) = UpstreamRequestFactory.Create(context, target);
        using var _ = request;
        // One source for both ends: the client going away, and the call timeout. Which one fired is told
        // apart afterwards by asking the client's token.
        using var callEnds = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        callEnds.CancelAfter(callTimeout);

        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, callEnds.Token);
        }
        catch (Exception e)
        {
            // Kestrel's verdict on the body it could not read, kept for the client: it is still owed an answer.
            if (body?.ClientFailure is BadHttpRequestException bad)
            {
                LogBodyFailed(target, bad.StatusCode, bad.Message);
                return new ForwardResult(ForwardOutcome.ClientBodyFailed, bad.StatusCode, false, body.BytesSent, 0, bad.Message);
            }
            return Failed(Classify(e, body, clientAborted, callEnds.Token), body, e);
        }

        // Headers are in: the call timeout covers waiting for them, not a long download.
        callEnds.CancelAfter(Timeout.Infinite);
        responseHead?.Invoke((int)response.StatusCode);
        using (response)
        {
            var status = (int)response.StatusCode;
            if (hooks?.TakeOver is { } takeOver && await takeOver(response))
                return new ForwardResult(ForwardOutcome.Responded, status, true, body?.BytesSent ?? 0, 0, null);
            ResponseRelay.CopyHead(response, context.Response, logger);
            try
            {
                await using var upstreamBody = await response.Content.ReadAsStreamAsync(clientAborted);
                var copied = await ResponseRelay.CopyBodyAsync(upstreamBody, response.Content.Headers.ContentLength, context.Response, hooks?.ResponseObserver, clientAborted);
                return new ForwardResult(ForwardOutcome.Responded, status, true, body?.BytesSent ?? 0, copied, null);
            }
            catch (UpstreamBodyException e)
            {
                LogBrokenBody(target, e.InnerException?.Message ?? e.Message);
                // Too late for a status: cut the client's connection so it sees a broken body, not a short one.
                context.Abort();
                return new ForwardResult(ForwardOutcome.UpstreamFailed, status, true, body?.BytesSent ?? 0, 0, e.Message);
            }
            catch (Exception e) when (clientAborted.IsCancellationRequested || e is IOException or OperationCanceledException)
            {
                return new ForwardResult(ForwardOutcome.ClientAborted, status, true, body?.BytesSent ?? 0, 0, e.Message);
            }
        }
    }

    /// <param name="callEnded">Cancelled by the client or the call timeout; the client having been checked first, the timeout.</param>
    private static ForwardOutcome Classify(Exception e, StreamingRequestContent? body, CancellationToken clientAborted, CancellationToken callEnded)
    {
        if (clientAborted.IsCancellationRequested || body?.ClientFailed == true) return ForwardOutcome.ClientAborted;
        if (callEnded.IsCancellationRequested) return ForwardOutcome.TimedOut;
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            || e.InnerException is SocketException)
        {
            return ForwardOutcome.ConnectFailed;
        }
        return ForwardOutcome.UpstreamFailed;
    }

    private ForwardResult Failed(ForwardOutcome outcome, StreamingRequestContent? body, Exception e)
    {
        if (outcome != ForwardOutcome.ClientAborted) LogFailure(outcome, e.Message);
        return new ForwardResult(outcome, 0, false, body?.BytesSent ?? 0, 0, e.Message);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Upstream call failed: {Outcome}: {Error}")]
    private partial void LogFailure(ForwardOutcome outcome, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Client's request body failed ({Status}) on its way to {Target}: {Error}")]
    private partial void LogBodyFailed(Uri target, int status, string error);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Upstream {Target} broke off its response body: {Error}")]
    private partial void LogBrokenBody(Uri target, string error);
}

/// <summary>
/// The one handler every upstream call shares: a proxy passes requests on as they are, so no proxy
/// of its own, no redirects followed, no cookie jar and no decompression.
/// </summary>
public static class UpstreamHandler
{
    public static HttpMessageInvoker CreateInvoker()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Re-resolve names now and then so an upstream that moves is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        ClientResponseFields.ReadAsLatin1(handler);
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
