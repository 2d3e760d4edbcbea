// One command for the whole system: ServiceA, ServiceB, the gateway and the Aspire dashboard.
// Every app listens where it does when started alone (`dotnet run --project X`), so the gateway's
// default routes (hocon/gateway.hocon) find the services and curl commands work unchanged.

var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.ServiceA>("service-a")
    .WithHttpEndpoint(port: AppPorts.ServiceA, isProxied: false)
    .WithHttpHealthCheck("/healthz");

builder.AddProject<Projects.ServiceB>("service-b")
    .WithHttpEndpoint(port: AppPorts.ServiceB, isProxied: false)
    .WithHttpHealthCheck("/healthz");

var gateway = builder.AddProject<Projects.Gateway_Web>("gateway")
    .WithHttpEndpoint(port: AppPorts.Gateway, isProxied: false)
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

// An overlay named where the app host was started (GATEWAY_CONFIG=my.hocon dotnet run --project
// Gateway.AppHost) reaches the gateway as an absolute path. `dotnet run` starts the app host in its
// project folder and Aspire the gateway in its own, so a relative path is taken from the shell's
// folder ($PWD, which both keep).
if (builder.Configuration["GATEWAY_CONFIG"] is { Length: > 0 } overlay)
{
    var shellFolder = Environment.GetEnvironmentVariable("PWD") is { } pwd && Path.IsPathRooted(pwd) ? pwd : Environment.CurrentDirectory;
    var path = Path.GetFullPath(overlay, shellFolder);
    if (!File.Exists(path)) throw new FileNotFoundException($"GATEWAY_CONFIG names {path}, which does not exist", path);
    gateway.WithEnvironment("GATEWAY_CONFIG", path);
}

builder.Build().Run();

/// <summary>The fixed ports of the three apps; the same as their own defaults.</summary>
internal static class AppPorts
{
    public const int Gateway = 8000;
    public const int ServiceA = 8001;
    public const int ServiceB = 8002;
}
