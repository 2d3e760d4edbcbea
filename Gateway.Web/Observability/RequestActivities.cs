using Gateway.Web.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Observability;

/// <summary>
/// ASP.NET starts an <see cref="System.Diagnostics.Activity"/> and a log scope for every request while its
/// hosting-diagnostics logger is enabled at any level (or someone listens to its activity source). The
/// gateway uses that activity for the trace id of its request log line and as the parent of its OTLP
/// spans. With the request log off and no OTLP export nothing reads it, yet it cost about a third of
/// what a cache hit allocates (docs/benchmarks.md); the logger is then switched off, and the client's
/// trace headers reach the upstream as they came (<see cref="Forwarding.UpstreamRequestFactory"/>).
/// </summary>
public static class RequestActivities
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static bool Needed(GatewaySettings settings, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        settings.Logging.Requests || OpenTelemetrySetup.ExportsOtlp(configuration);

    public static void SkipWhenUnneeded(WebApplicationBuilder builder, GatewaySettings settings)
    {
        if (!Needed(settings, builder.Configuration))
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
    }
}
