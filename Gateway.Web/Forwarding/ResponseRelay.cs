using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Forwarding;

/// <summary>Copies the upstream's response to the client: status, end-to-end headers, then the body as it streams.</summary>
public static class ResponseRelay
{
    private const int BufferSize = 64 * 1024;

    public static void CopyHead(HttpResponseMessage upstream, HttpResponse client)
    {
        client.StatusCode = (int)upstream.StatusCode;
        var hopByHop = HopByHopHeaders.For(upstream.Headers.Connection);
        CopyHeaders(upstream.Headers.NonValidated, hopByHop, client);
        CopyHeaders(upstream.Content.Headers.NonValidated, hopByHop, client);
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeadersNonValidated headers, IReadOnlySet<string> hopByHop, HttpResponse client)
    {
        foreach (var (name, values) in headers)
        {
            if (hopByHop.Contains(name)) continue;
            // Repeated fields (Set-Cookie above all) stay separate lines: one StringValues entry each.
            client.Headers[name] = values.Count == 1 ? values.ToString() : values.ToArray();
        }
    }

    /// <summary>
    /// Streams the body; each chunk leaves as soon as the upstream's arrives, because a write to Kestrel's
    /// response body is a write and a flush of its pipe (a second, explicit flush per chunk was pure cost).
    /// Returns the bytes copied; throws <see cref="UpstreamBodyException"/> when the upstream side broke
    /// and lets the client's own failures (it went away) propagate as they are.
    /// </summary>
    public static async Task<long> CopyBodyAsync(Stream upstreamBody, HttpResponse client, Action<ReadOnlyMemory<byte>>? observer, CancellationToken clientAborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await upstreamBody.ReadAsync(buffer.AsMemory(0, BufferSize), clientAborted);
                }
                catch (Exception e) when (!clientAborted.IsCancellationRequested)
                {
                    throw new UpstreamBodyException(e);
                }
                if (read == 0) return total;
                observer?.Invoke(buffer.AsMemory(0, read));
                await client.Body.WriteAsync(buffer.AsMemory(0, read), clientAborted);
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

public sealed class UpstreamBodyException(Exception inner) : Exception("the upstream broke off the response body", inner);
