using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults;

/// <summary>
/// Shared by the demo services (ServiceA, ServiceB), as Aspire's "service defaults" project is:
/// Traces, metrics and logs over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the Aspire app host
/// sets it), so a request's trace runs on from the gateway into this service. Off otherwise.
/// </summary>
public static class ServiceTelemetry
{
    public static void AddServiceTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != "/healthz"))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation())
            .WithLogging()
            .UseOtlpExporter();
    }
}
