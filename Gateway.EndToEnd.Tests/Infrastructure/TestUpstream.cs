using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An upstream the tests control: it echoes what reached it, streams bodies of any size, waits on
/// demand and counts its calls, so a test can see exactly what the gateway sent.
/// </summary>
public sealed class TestUpstream
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Set when <c>/slow</c> has started waiting, and when that wait was cancelled by the caller going away.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource SlowCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released by a test to let <c>/first-byte</c> finish its body.</summary>
    public TaskCompletionSource ReleaseBody { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set with the first bytes of a body posted to <c>/first-upload-byte</c>, while the rest is still to come.</summary>
    public TaskCompletionSource<string> FirstUploadBytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<(RunningApp App, TestUpstream Upstream)> StartAsync()
    {
        var upstream = new TestUpstream();
        var builder = WebApplication.CreateSlimBuilder(["--urls", RunningApp.LoopbackUrls]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref upstream._calls);
            return next(context);
        });
        upstream.Map(app);
        return (await RunningApp.StartAsync(app), upstream);
    }

    private void Map(WebApplication app)
    {
        app.Map("/echo/{**rest}", EchoAsync);
        app.MapGet("/download/{size:long}", DownloadAsync);
        app.MapMethods("/pattern/{size:int}", [HttpMethods.Get, HttpMethods.Head], PatternAsync);
        app.MapPost("/upload", UploadAsync);
        app.MapGet("/slow/{ms:int}", async (int ms, HttpContext c) =>
        {
            SlowStarted.TrySetResult();
            try
            {
                await Task.Delay(ms, c.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                SlowCancelled.TrySetResult();
                throw;
            }
            return Results.Text("slow");
        });
        app.MapGet("/first-byte", FirstByteAsync);
        app.MapPost("/first-upload-byte", FirstUploadByteAsync);
        app.MapGet("/cookies", (HttpContext c) =>
        {
            c.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
            c.Response.Headers.Append("Set-Cookie", "b=2; Path=/");
            return Results.Text("cookies");
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}", statusCode: code));
    }

    private static async Task EchoAsync(HttpContext context)
    {
        long bodyBytes = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0) bodyBytes += read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var echo = new EchoedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase),
            bodyBytes);
        await context.Response.WriteAsJsonAsync(echo);
    }

    /// <summary>
    /// <paramref name="size"/> bytes of <see cref="PatternStream"/>'s pattern, written in uneven pieces with a
    /// flush after each, so a reader downstream sees reads of many sizes. With <c>?chunked=true</c> no
    /// Content-Length is announced and the body goes out chunked.
    /// </summary>
    private static async Task PatternAsync(int size, bool? chunked, HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        if (chunked != true) context.Response.ContentLength = size;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        var body = new byte[size];
        new PatternStream(size).ReadExactly(body);
        for (int sent = 0, piece = 1000; sent < size; sent += piece, piece = piece * 3 % 70_001 + 1)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(sent, Math.Min(piece, size - sent)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task DownloadAsync(long size, HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = size;
        var chunk = new byte[64 * 1024];
        Random.Shared.NextBytes(chunk);
        for (long sent = 0; sent < size;)
        {
            var n = (int)Math.Min(chunk.Length, size - sent);
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, n), context.RequestAborted);
            sent += n;
        }
    }

    private static async Task UploadAsync(HttpContext context)
    {
        long total = 0;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0) total += read;
        await context.Response.WriteAsJsonAsync(new { received = total });
    }

    private async Task FirstUploadByteAsync(HttpContext context)
    {
        var buffer = new byte[1024];
        var read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted);
        FirstUploadBytes.TrySetResult(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        var rest = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        await context.Response.WriteAsync(System.Text.Encoding.ASCII.GetString(buffer, 0, read) + rest, context.RequestAborted);
    }

    private async Task FirstByteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync("F"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await ReleaseBody.Task.WaitAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync("inished"u8.ToArray(), context.RequestAborted);
    }
}

public sealed record EchoedRequest(string Method, string Path, string Query, Dictionary<string, string[]> Headers, long BodyBytes)
{
    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<EchoedRequest>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? string.Join(", ", v) : null;
}
