using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>
/// A request body that fails on the client's side never reached the upstream whole: the client gets
/// Kestrel's verdict (400 for broken chunked framing, 408 for a body slower than the minimum data
/// rate) as problem+json, the gateway logs it, and the upstream's breaker does not hear of it.
/// </summary>
public sealed class FailedRequestBodyTests : GatewayWithTestUpstream
{
    private readonly CapturedLogs _logs = new();

    protected override string Overlay(string upstream) => UpRoute(upstream, """
        gateway.circuit-breaker { max-failures = 1, reset-timeout = 30s, reset-jitter = 0 }
        """);

    protected override Task<RunningApp> StartGatewayAsync(string overlayHocon) => TestGateway.StartAsync(overlayHocon, builder =>
    {
        _logs.AttachTo(builder);
        // The smallest grace Kestrel allows (more than its one-second heartbeat): a stalled body fails in about two seconds.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(1.5)));
    });

    [Fact]
    public async Task Rfc9112_7_1_InvalidChunkedBody_Gets400ProblemJson_AndDoesNotCountAgainstTheUpstream()
    {
        await using var client = await RawHttpClient.ConnectAsync(Gateway.Address);
        await client.SendAsync($"""
            POST /up/upload HTTP/1.1
            Host: {Gateway.Address.Authority}
            Transfer-Encoding: chunked
            Content-Type: application/octet-stream

            5
            hello
            zz-not-a-size


            """);

        var response = await client.ReadResponseAsync();

        AssertProblem(response, 400);
        Assert.Contains(_logs.Lines, l => l.Contains("request body failed", StringComparison.OrdinalIgnoreCase) && l.Contains("400", StringComparison.Ordinal));
        await AssertUpstreamStillAdmittedAsync();
    }

    [Fact]
    public async Task BodySlowerThanTheMinimumDataRate_Gets408ProblemJson_AndDoesNotCountAgainstTheUpstream()
    {
        await using var client = await RawHttpClient.ConnectAsync(Gateway.Address);
        await client.SendAsync($"""
            POST /up/upload HTTP/1.1
            Host: {Gateway.Address.Authority}
            Content-Length: 100000
            Content-Type: application/octet-stream

            only a few bytes, then nothing
            """);

        // Kestrel's own timer decides; the read waits at most RawHttpClient.ReadTimeout.
        var response = await client.ReadResponseAsync();

        AssertProblem(response, 408);
        Assert.Contains(_logs.Lines, l => l.Contains("request body failed", StringComparison.OrdinalIgnoreCase) && l.Contains("408", StringComparison.Ordinal));
        await AssertUpstreamStillAdmittedAsync();
    }

    private static void AssertProblem(RawHttpResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"));
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>One failure opens this breaker (max-failures = 1): the next request passing proves none was counted.</summary>
    private async Task AssertUpstreamStillAdmittedAsync()
    {
        using var next = await GetAsync("/up/status/200");
        Assert.Equal(200, (int)next.StatusCode);
    }
}
