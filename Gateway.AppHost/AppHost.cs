// One command for the whole system: ServiceA, ServiceB, the gateway and the Aspire dashboard.
// Every app listens where it does when started alone (`dotnet run --project X`), so the gateway's
// default routes (hocon/gateway.hocon) find the services and curl commands work unchanged.

using Gateway.AppHost;
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.ServiceA>("service-a")
    .OnPlainHttp(AppPorts.ServiceA)
    .WithHttpHealthCheck("/healthz");

builder.AddProject<Projects.ServiceB>("service-b")
    .OnPlainHttp(AppPorts.ServiceB)
    .WithHttpHealthCheck("/healthz");

var overlay = GatewayOverlay.FromShell(builder.Configuration);
var gateway = builder.AddProject<Projects.Gateway_Web>("gateway")
    .OnPlainHttp(AppPorts.Gateway)
    .WithHttpHealthCheck("/readyz")
    // Aspire switches ASP.NET's forwarded-headers middleware on for every project, trusting
    // X-Forwarded-For from anyone; the gateway decides whom to believe itself
    // (gateway.forwarded-headers.trusted-proxies), so the switch stays off for it.
    .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "false")
    .WithUrls(context => context.Urls.Add(new ResourceUrlAnnotation
    {
        Url = $"http://localhost:{AppPorts.Gateway}/_gateway/",
        DisplayText = "status page",
    }));
if (overlay is not null) gateway.WithEnvironment(GatewayOverlay.EnvironmentVariable, overlay);

builder.Services.AddHostedService<FailedResourceReporter>();

builder.Build().Run();
