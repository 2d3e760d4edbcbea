using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>
/// An upstream that fails on demand and counts every call, so a test can see whether the gateway
/// called it at all. <c>/flaky</c>: 500 while <see cref="Failing"/>, else 200. <c>/hold</c>: waits
/// until <see cref="ReleaseHold"/> (a request kept in flight). <c>/status/{code}</c>, <c>/slow/{ms}</c>,
/// and <c>/any</c> for every method.
/// </summary>
public sealed class FlakyUpstream
{
    private int _calls;
    private volatile bool _failing;

    public int Calls => Volatile.Read(ref _calls);

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>Set when a <c>/hold</c> request has arrived.</summary>
    public TaskCompletionSource HoldStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReleaseHold { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task<(RunningApp App, FlakyUpstream Upstream)> StartAsync(bool failing = false) =>
        StartAsync(RunningApp.LoopbackUrls, failing);

    /// <summary>On a given loopback port: an upstream that was down (nothing listening there) comes back.</summary>
    public static Task<(RunningApp App, FlakyUpstream Upstream)> StartOnPortAsync(int port) =>
        StartAsync($"http://127.0.0.1:{port}", failing: false);

    private static async Task<(RunningApp App, FlakyUpstream Upstream)> StartAsync(string urls, bool failing)
    {
        var upstream = new FlakyUpstream { Failing = failing };
        var builder = WebApplication.CreateSlimBuilder(["--urls", urls]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref upstream._calls);
            return next(context);
        });
        app.MapGet("/flaky", () => upstream.Failing ? Results.Text("failing", statusCode: 500) : Results.Text("ok"));
        app.MapGet("/hold", async (HttpContext c) =>
        {
            upstream.HoldStarted.TrySetResult();
            await upstream.ReleaseHold.Task.WaitAsync(c.RequestAborted);
            return upstream.Failing ? Results.Text("failing", statusCode: 500) : Results.Text("held");
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}", statusCode: code));
        app.MapGet("/slow/{ms:int}", async (int ms, HttpContext c) =>
        {
            await Task.Delay(ms, c.RequestAborted);
            return Results.Text("slow");
        });
        app.Map("/any", (HttpContext c) => Results.Text(c.Request.Method));
        return (await RunningApp.StartAsync(app), upstream);
    }
}
