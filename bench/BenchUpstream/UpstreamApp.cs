using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BenchUpstream;

/// <summary>
/// The one upstream every benchmark path talks to (gateway, YARP and direct), so the three differ
/// only in what sits in front of it. Answers are prepared once: the upstream should cost as little
/// as possible per request, leaving the proxy as the thing being measured.
/// </summary>
public static class UpstreamApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The 1 GiB upload scenario sends far more than Kestrel's 30 MB default.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });

        var counters = new CallCounters();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/json", (HttpContext context) => BodyEndpoints.SmallJsonAsync(context, counters));
        app.MapGet("/bytes/{length:int}", BodyEndpoints.FixedBytesAsync);
        app.MapGet("/validated/{length:int}", (HttpContext context, int length) => ValidatorEndpoints.ValidatedAsync(context, length, counters));
        app.MapGet("/unvalidated/{length:int}", (HttpContext context, int length) => ValidatorEndpoints.UnvalidatedAsync(context, length, counters));
        app.MapGet("/download/{length:long}", BodyEndpoints.DownloadAsync);
        app.MapMethods("/upload", ["POST", "PUT"], BodyEndpoints.UploadAsync);
        app.Map("/ws", WebSocketEcho.HandleAsync);
        app.MapGet("/stats", () => Results.Json(new { json = counters.Json, not_modified = counters.NotModified, full_bodies = counters.FullBodies }));
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
