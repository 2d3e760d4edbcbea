// One command for the whole system: ServiceA, ServiceB, the gateway (or several clustered gateways,
// GATEWAY_NODES=3) and the Aspire dashboard. Every app listens where it does when started alone
// (`dotnet run --project X`), so the gateway's default routes (hocon/gateway.hocon) find the
// services and curl commands work unchanged.

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
var nodes = GatewayNodes.Count(builder.Configuration);
for (var node = 0; node < nodes; node++)
{
    var port = GatewayNodes.HttpPort(node);
    var gateway = builder.AddProject<Projects.Gateway_Web>(GatewayNodes.Name(node, nodes))
        .OnPlainHttp(port)
        .WithHttpHealthCheck("/readyz")
        // Aspire switches ASP.NET's forwarded-headers middleware on for every project, trusting
        // X-Forwarded-For from anyone; the gateway decides whom to believe itself
        // (gateway.forwarded-headers.trusted-proxies), so the switch stays off for it.
        .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "false")
        .WithUrls(context => context.Urls.Add(new ResourceUrlAnnotation
        {
            Url = $"http://localhost:{port}/_gateway/",
            DisplayText = "status page",
        }));
    var config = nodes == 1 ? overlay : GatewayNodes.WriteOverlay(node, overlay);
    if (config is not null) gateway.WithEnvironment(GatewayOverlay.EnvironmentVariable, config);
}

builder.Services.AddHostedService<FailedResourceReporter>();

builder.Build().Run();
