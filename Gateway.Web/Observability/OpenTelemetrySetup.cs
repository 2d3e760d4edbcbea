using System.Diagnostics.Metrics;
using Gateway.Web.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Web.Observability;

/// <summary>
/// Exports the "Gateway" meter and activity source with OpenTelemetry: metrics to the Prometheus
/// scrape endpoint (unless closed), and metrics, traces and logs over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the Aspire app host sets it, pointing at its dashboard).
/// The standard <c>OTEL_*</c> variables (service name, protocol, headers) apply as usual.
/// </summary>
public static class OpenTelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "gateway";

    /// <summary>
    /// ASP.NET's memory-pool meter records every rent and return of a Kestrel buffer: about 1-1.5% of the
    /// gateway's CPU under load for figures no gateway dashboard needs, so it is not listened to.
    /// </summary>
    private const string KestrelMemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    /// <summary>Whether traces, metrics and logs go out over OTLP (the endpoint variable is set).</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

    public static void AddGatewayOpenTelemetry(this WebApplicationBuilder builder, OperationsSettings operations)
    {
        var otlp = ExportsOtlp(builder.Configuration);
        var prometheus = operations.Observability.MetricsEndpoint is not null;
        if (!otlp && !prometheus) return;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name).AddAspNetCoreInstrumentation();
                // OpenTelemetry listens for meters by name across the whole process; a second gateway in
                // the same process (tests run dozens) would otherwise report into this one's numbers.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, own) =>
                {
                    var factory = services.GetRequiredService<IMeterFactory>();
                    own.AddView(instrument =>
                        (instrument.Meter.Name == GatewayTelemetry.Name && !ReferenceEquals(instrument.Meter.Scope, factory))
                        || instrument.Meter.Name == KestrelMemoryPoolMeter
                            ? MetricStreamConfiguration.Drop
                            : null);
                });
                // Scrapes are rare and cheap; a cached answer would only make tests and dashboards lag.
                if (prometheus) metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (!otlp) return;

        telemetry
            .WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.Name)
                // The upstream calls: .NET's own HttpClient activity source, a child of the proxy span.
                .AddSource("System.Net.Http")
                // Probes and scrapes would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !operations.IsReserved(context.Request.Path.Value ?? "/")))
            .WithLogging()
            .UseOtlpExporter();
    }
}
