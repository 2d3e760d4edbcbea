using Microsoft.AspNetCore.Builder;
using ServiceA;
using ServiceB;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>The real demo services on ephemeral loopback ports, and the overlay line that points a shipped route at one.</summary>
public static class DemoServices
{
    /// <summary>ServiceA built but not started, for a test that adds to its pipeline first.</summary>
    public static WebApplication BuildServiceA() => ServiceAApp.Build(["--urls", RunningApp.LoopbackUrls]);

    public static Task<RunningApp> StartServiceAAsync() => RunningApp.StartAsync(BuildServiceA());

    public static Task<RunningApp> StartServiceBAsync(params string[] args) =>
        RunningApp.StartAsync(ServiceBApp.Build(["--urls", RunningApp.LoopbackUrls, .. args]));

    /// <summary>The shipped route <c>/service-a</c> (or <c>/service-b</c>), only its upstream changed.</summary>
    public static string ShippedRouteTo(string routeId, string upstream) => $"gateway.routes.{routeId}.upstreams = [\"{upstream}\"]";
}
