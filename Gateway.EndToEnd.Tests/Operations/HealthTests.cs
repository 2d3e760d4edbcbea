using System.Net;
using System.Text.Json;
using Akka.Actor;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceA;
using ServiceB;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>/healthz says the process serves; /readyz says the actor system and the configuration are there.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_AndReadyz_AreUp_WithEachReadinessCheckNamed()
    {
        await using var gateway = await TestGateway.StartAsync("");
        using var client = TestClients.Http();

        using var live = await client.GetAsync(gateway.Url("/healthz"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        using var ready = await client.GetAsync(gateway.Url("/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("actor-system").GetProperty("status").GetString());
        var configuration = body.GetProperty("checks").GetProperty("configuration");
        Assert.Equal("configuration loaded: 2 routes", configuration.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Readiness_Fails_OnceTheHostIsStopping()
    {
        await using var gateway = await TestGateway.StartAsync("");
        var health = gateway.App.Services.GetRequiredService<HealthCheckService>();

        gateway.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal("shutting down", report.Entries["configuration"].Description);
    }

    [Fact]
    public async Task Readiness_Fails_WhenTheActorSystemHasTerminated()
    {
        await using var gateway = await TestGateway.StartAsync("");
        var health = gateway.App.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(check => check.Tags.Contains("ready"))).Status);

        await gateway.App.Services.GetRequiredService<ActorSystem>().Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["actor-system"].Status);
        Assert.Equal("the actor system has terminated", report.Entries["actor-system"].Description);
    }

    [Fact]
    public async Task DemoServices_AnswerHealthz()
    {
        await using var serviceA = await RunningApp.StartAsync(ServiceAApp.Build(["--urls", RunningApp.LoopbackUrls]));
        await using var serviceB = await RunningApp.StartAsync(ServiceBApp.Build(["--urls", RunningApp.LoopbackUrls]));
        using var client = TestClients.Http();

        foreach (var (service, name) in new[] { (serviceA, "service-a"), (serviceB, "service-b") })
        {
            var health = await client.GetFromJsonAsync<JsonElement>(service.Url("/healthz"));
            Assert.Equal("ok", health.GetProperty("status").GetString());
            Assert.Equal(name, health.GetProperty("service").GetString());
        }
    }
}
