using System.Text;
using Microsoft.AspNetCore.Http;

namespace BenchUpstream;

/// <summary>The HTTP answers of the scenarios: a small JSON document, fixed-size bodies, a long download, an upload sink.</summary>
public static class BodyEndpoints
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxFixedLength = 16 * 1024 * 1024;

    private static readonly byte[] SmallJson =
        Encoding.UTF8.GetBytes("""{"id":42,"name":"bench item","price":9.99,"tags":["small","json"],"inStock":true}""");

    // Shared read-only bodies: every response is served from the same bytes, nothing is allocated per request.
    private static readonly byte[] Filler = CreateFiller(MaxFixedLength);

    public static Task SmallJsonAsync(HttpContext context, CallCounters counters)
    {
        counters.CountJson();
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = SmallJson.Length;
        return context.Response.Body.WriteAsync(SmallJson, context.RequestAborted).AsTask();
    }

    public static async Task FixedBytesAsync(HttpContext context, int length)
    {
        if (length is < 0 or > MaxFixedLength)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = length;
        await context.Response.Body.WriteAsync(Filler.AsMemory(0, length), context.RequestAborted);
    }

    /// <summary>Streams <paramref name="length"/> bytes in 64 KiB writes: the upstream never holds the body.</summary>
    public static async Task DownloadAsync(HttpContext context, long length)
    {
        if (length < 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = length;
        for (var left = length; left > 0;)
        {
            var count = (int)Math.Min(left, ChunkSize);
            await context.Response.Body.WriteAsync(Filler.AsMemory(0, count), context.RequestAborted);
            left -= count;
        }
    }

    /// <summary>Reads the body to the end and says how many bytes came, so the harness can check nothing was lost.</summary>
    public static async Task UploadAsync(HttpContext context)
    {
        var buffer = new byte[ChunkSize];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0) total += read;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"bytes":{{total}}}""", context.RequestAborted);
    }

    private static byte[] CreateFiller(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)('a' + i % 26);
        return bytes;
    }
}
