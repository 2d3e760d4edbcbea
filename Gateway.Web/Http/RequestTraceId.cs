using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>
/// The request's W3C trace id (32 hex digits), the one its log line and its upstream call carry, whether
/// ASP.NET made an activity for the request (OTLP export on) or not (<see cref="RequestActivities"/>).
/// Never Kestrel's connection-based <c>TraceIdentifier</c>, which no trace backend knows.
/// </summary>
public static class RequestTraceId
{
    public static string Of(HttpContext context) =>
        Activity.Current is { } activity
            ? activity.TraceId.ToHexString()
            : (GatewayTraceContext.Of(context) ?? GatewayTraceContext.Begin(context)).TraceId;
}
