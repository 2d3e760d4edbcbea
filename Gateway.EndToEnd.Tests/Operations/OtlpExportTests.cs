using System.Collections.Concurrent;
using System.Text;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// With OTEL_EXPORTER_OTLP_ENDPOINT set (as the Aspire app host sets it), the gateway process sends
/// its traces, metrics and logs there over OTLP/HTTP. A stand-in collector on loopback records what arrives.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task GatewayProcess_ExportsItsProxySpan_Metrics_AndLogs_OverOtlp()
    {
        var received = new ConcurrentQueue<(string Signal, string Body)>();
        var collectorBuilder = WebApplication.CreateSlimBuilder(["--urls", RunningApp.LoopbackUrls]);
        collectorBuilder.Logging.ClearProviders();
        var collectorApp = collectorBuilder.Build();
        collectorApp.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            // Protobuf keeps strings as UTF-8 bytes, so names can be found in the raw message.
            received.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray())));
            context.Response.ContentType = "application/x-protobuf";
        });
        await using var collector = await RunningApp.StartAsync(collectorApp);
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;

        await using var gateway = await GatewayProcess.StartAsync(
            $$"""gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }""",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "gateway-under-test",
                // Export soon rather than every 5 s (spans, logs) and 60 s (metrics).
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            });
        using var client = TestClients.Http();
        using var response = await client.GetAsync(new Uri(gateway.Address, "/up/echo/exported"));
        response.EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < deadline && !(Has("traces", "gateway.proxy up") && Has("metrics", "gateway.requests") && Has("logs", "/up/echo/exported")))
            await tick.WaitForNextTickAsync();

        Assert.True(Has("traces", "gateway.proxy up"), "no span named 'gateway.proxy up' reached /v1/traces");
        Assert.True(Has("traces", "gateway-under-test"), "the spans do not carry the service name");
        Assert.True(Has("metrics", "gateway.requests"), "no gateway.requests reached /v1/metrics");
        Assert.True(Has("logs", "/up/echo/exported"), "the request's log line did not reach /v1/logs");

        bool Has(string signal, string text) => received.Any(r => r.Signal == signal && r.Body.Contains(text, StringComparison.Ordinal));
    }
}
