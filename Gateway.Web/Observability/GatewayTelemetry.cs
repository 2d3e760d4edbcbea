using System.Diagnostics;

namespace Gateway.Web.Observability;

/// <summary>The names the gateway's telemetry goes out under: one Meter and one ActivitySource, both "Gateway".</summary>
public static class GatewayTelemetry
{
    public const string Name = "Gateway";

    /// <summary>
    /// One span per proxied request, a child of ASP.NET's incoming request activity; the upstream call
    /// made under it carries it in <c>traceparent</c>. Spans exist only while someone listens
    /// (OpenTelemetry when OTLP export is on, or a test's ActivityListener).
    /// </summary>
    public static readonly ActivitySource Source = new(Name);

    public const string ProxySpanName = "gateway.proxy";
}
