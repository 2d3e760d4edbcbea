using System.Diagnostics;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Observability;

/// <summary>
/// Wraps each proxied request in a "gateway.proxy" span (a child of the incoming request's activity,
/// so the upstream call made inside carries it in <c>traceparent</c>) and records its telemetry once
/// it is over, from what every step wrote into <see cref="RequestOutcome"/>.
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, RequestTelemetry telemetry, InFlightRequests inFlight)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GatewayOwnedEndpoint>() is not null)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        // Without an activity of ASP.NET's, the span continues the request's own trace context.
        var parent = Activity.Current is null && GatewayTelemetry.Source.HasListeners() ? GatewayTraceContext.ParentOf(context) : default;
        using var span = GatewayTelemetry.Source.StartActivity(GatewayTelemetry.ProxySpanName, ActivityKind.Internal, parent);
        inFlight.Enter();
        try
        {
            await next(context);
        }
        finally
        {
            inFlight.Leave();
            var outcome = RequestOutcome.Of(context);
            // A client that went away mid-request never saw a status; 499 says so, as the request log does.
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            telemetry.Record(new FinishedRequest(
                outcome.RouteId, context.Request.Method, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                outcome.Cache, outcome.RateLimit, outcome.ClientKey));
            if (span is not null) Describe(span, outcome, status);
        }
    }

    private static void Describe(Activity span, RequestOutcome outcome, int status)
    {
        span.DisplayName = outcome.RouteId is { } route ? $"{GatewayTelemetry.ProxySpanName} {route}" : GatewayTelemetry.ProxySpanName;
        span.SetTag("gateway.route", outcome.RouteId);
        span.SetTag("gateway.upstream", outcome.Upstream);
        span.SetTag("http.response.status_code", status);
        span.SetTag("gateway.cache", outcome.Cache.Label());
        span.SetTag("gateway.rate_limit", outcome.RateLimit.Label());
        span.SetTag("gateway.breaker", outcome.Breaker.Label());
        if (status >= 500) span.SetStatus(ActivityStatusCode.Error);
    }
}
