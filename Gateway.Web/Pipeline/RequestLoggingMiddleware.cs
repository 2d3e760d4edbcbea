using System.Diagnostics;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Logging;
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
