using ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceB;

/// <summary>Demo WebSocket service behind the gateway: an echo at /ws and a health check.</summary>
public static class ServiceBApp
{
    public const string DefaultUrl = "http://localhost:8002";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.AddServiceTelemetry("service-b");

        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", EchoEndpoint.HandleAsync);
        app.MapGet("/healthz", () => Results.Json(new { status = "ok", service = "service-b" }));
        return app;
    }
}
