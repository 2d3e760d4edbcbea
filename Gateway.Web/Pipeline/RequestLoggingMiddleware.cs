using System.Diagnostics;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Pipeline;

/// <summary>Times each request and writes its line once it is over, from what every step put in <see cref="RequestOutcome"/>.</summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger(RequestLog.Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = RequestOutcome.Of(context);
        // Before the request goes on: without an activity of ASP.NET's, the context made here is the one the
        // upstream is sent, so the line's trace id is the upstream's too.
        if (Activity.Current is null) GatewayTraceContext.Begin(context);
        try
        {
            await next(context);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                // A client that went away mid-request never saw a status; 499 says so, as nginx does.
                var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
                RequestLog.Request(_logger,
                    context.Request.Method,
                    context.Request.Path.Value ?? "/",
                    status,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2),
                    outcome.RouteId,
                    outcome.ClientKey ?? ClientAddress.Of(context).ToString(),
                    outcome.Upstream,
                    outcome.Cache.Label(),
                    outcome.RateLimit.Label(),
                    outcome.Breaker.Label(),
                    outcome.ApiKeyName,
                    outcome.RequestBytes,
                    outcome.ResponseBytes,
                    RequestTraceId.Of(context));
            }
        }
    }
}

/// <summary>
/// The one line per request. Every field is a named property of the JSON line; nothing secret is
/// among them (no headers, no query string, the API key's name and never its value).
/// </summary>
public static partial class RequestLog
{
    public const string Category = "Gateway.Requests";

    [LoggerMessage(EventId = 1000, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} {DurationMs}ms route={RouteId} client={ClientIp} upstream={Upstream} " +
                  "cache={CacheStatus} ratelimit={RateLimit} breaker={BreakerState} key={ApiKeyName} in={BytesIn} out={BytesOut} trace={TraceId}")]
    public static partial void Request(
        ILogger logger, string method, string path, int status, double durationMs, string? routeId, string? clientIp,
        string? upstream, string? cacheStatus, string? rateLimit, string? breakerState, string? apiKeyName,
        long bytesIn, long bytesOut, string traceId);
}
