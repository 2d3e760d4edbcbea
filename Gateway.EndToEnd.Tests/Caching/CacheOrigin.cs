using System.Collections.Concurrent;
using System.Globalization;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// An upstream whose every caching-relevant answer is chosen by the query string, so each test asks
/// for exactly the response it needs. <c>/r/{name}</c> (any method) answers with:
/// <list type="bullet">
/// <item><c>status</c>, <c>cc</c> (Cache-Control), <c>vary</c>, <c>cookie</c> (Set-Cookie), <c>expires</c>,
/// <c>age</c>: those, as given; <c>upstream-cache=1</c>: X-Cache and Cache-Status as a cache in front of the origin would set them;</item>
/// <item><c>header</c>: any other field, as <c>Name: value</c> (repeat it for several lines; a <c>Date</c> given so replaces the server's);</item>
/// <item><c>ms</c>: wait that long before answering (a slow origin);</item>
/// <item><c>validate=1</c>: answer 304 when If-None-Match names the ETag given; <c>fail-after=n</c>: answer 503 after n calls;</item>
/// <item><c>hold-first=1</c>: the first call for a name sends its headers and a first piece of body, then
/// holds until its caller goes away; later calls answer at once;</item>
/// <item><c>bytes</c>: a body of that many pattern bytes (<see cref="Pattern"/>), with Content-Length unless <c>chunked=1</c>;</item>
/// <item>otherwise a text body naming the call: <c>{name} #{serial} {method} lang={Accept-Language}</c>.</item>
/// </list>
/// Every response carries <c>X-Serial</c>, a number unique to the upstream call, so a test can tell a
/// replayed response from a fresh one. Calls are counted per name.
/// </summary>
public sealed class CacheOrigin
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _serial;

    public int CallsTo(string name) => _calls.GetValueOrDefault(name);

    public static async Task<(RunningApp App, CacheOrigin Origin)> StartAsync()
    {
        var origin = new CacheOrigin();
        var builder = WebApplication.CreateSlimBuilder(["--urls", RunningApp.LoopbackUrls]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Map("/r/{name}", (string name, HttpContext context) => origin.RespondAsync(name, context));
        return (await RunningApp.StartAsync(app), origin);
    }

    /// <summary>The body <c>bytes=n</c> asks for: byte i is i mod 251, so any shift or gap shows.</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i % 251);
        return bytes;
    }

    private async Task RespondAsync(string name, HttpContext context)
    {
        var call = _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        var serial = Interlocked.Increment(ref _serial);
        var query = context.Request.Query;
        var response = context.Response;

        if (int.TryParse(query["ms"], out var ms)) await Task.Delay(ms, context.RequestAborted);

        response.StatusCode = int.TryParse(query["status"], out var status) ? status : 200;
        response.Headers["X-Serial"] = serial.ToString(CultureInfo.InvariantCulture);
        if (query.ContainsKey("cc")) response.Headers.CacheControl = query["cc"];
        if (query.ContainsKey("vary")) response.Headers.Vary = query["vary"];
        if (query.ContainsKey("cookie")) response.Headers.SetCookie = query["cookie"];
        if (query.ContainsKey("expires")) response.Headers.Expires = query["expires"];
        if (query.ContainsKey("age")) response.Headers.Age = query["age"];
        foreach (var field in query["header"])
        {
            var colon = field!.IndexOf(':');
            var fieldName = field[..colon];
            response.Headers.Append(fieldName, field[(colon + 1)..].Trim());
        }
        // validate=1: a request whose If-None-Match names the ETag given above is answered 304 (RFC 9110 §13.1.2).
        if (query["validate"] == "1" && response.Headers.ETag.Count == 1
            && context.Request.Headers.IfNoneMatch.ToString() == response.Headers.ETag.ToString())
            response.StatusCode = StatusCodes.Status304NotModified;
        // fail-after=n: every call after the n-th is a 503.
        if (int.TryParse(query["fail-after"], out var failAfter) && call > failAfter)
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (query["upstream-cache"] == "1")
        {
            response.Headers["X-Cache"] = "HIT from origin-cache";
            response.Headers["Cache-Status"] = "OriginCache; hit";
        }
        if (response.StatusCode is 204 or 304) return;

        if (int.TryParse(query["bytes"], out var size))
        {
            var body = Pattern(size);
            response.ContentType = "application/octet-stream";
            if (query["chunked"] != "1") response.ContentLength = size;
            // In pieces with flushes, so the gateway sees a body that arrives over time.
            for (var offset = 0; offset < size; offset += 16 * 1024)
            {
                await response.Body.WriteAsync(body.AsMemory(offset, Math.Min(16 * 1024, size - offset)), context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
            return;
        }

        response.ContentType = "text/plain";
        if (call == 1 && query["hold-first"] == "1")
        {
            // Headers and a first piece, then nothing until the caller goes away.
            await response.WriteAsync("partial", context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        await response.WriteAsync($"{name} #{serial} {context.Request.Method} lang={context.Request.Headers.AcceptLanguage}", context.RequestAborted);
    }
}
