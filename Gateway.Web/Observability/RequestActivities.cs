using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Observability;

/// <summary>
/// ASP.NET starts an <see cref="System.Diagnostics.Activity"/> and a log scope for every request while its
/// hosting-diagnostics logger is enabled at any level (or someone listens to its activity source). The
/// gateway needs that activity only as the parent of the spans it exports over OTLP. Without an exporter it
/// is pure cost: about a third of what a cache hit allocates, and about 12 µs of a proxied request once the
/// activity rides along every continuation of the upstream call (docs/benchmarks.md). The logger is then
/// switched off; the request log and the upstream share a trace id through <see cref="GatewayTraceContext"/>.
/// </summary>
public static class RequestActivities
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void SkipWhenUnneeded(WebApplicationBuilder builder)
    {
        if (!OpenTelemetrySetup.ExportsOtlp(builder.Configuration))
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
    }
}
