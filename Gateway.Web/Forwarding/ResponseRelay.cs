using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Forwarding;

/// <summary>Copies the upstream's response to the client: status, end-to-end headers, then the body as it streams.</summary>
public static class ResponseRelay
{
    /// <summary>What one read of the upstream's body may fill: the size of .NET's own stream copy buffers.</summary>
    private const int ChunkSize = 64 * 1024;

    /// <summary>The first read of a body of unknown length: what one block of Kestrel's memory pool holds.</summary>
    private const int SmallChunkSize = 4 * 1024;

    /// <param name="logger">Told of each field whose value cannot be sent on (<see cref="ClientResponseFields"/>).</param>
    public static void CopyHead(HttpResponseMessage upstream, HttpResponse client, ILogger logger)
    {
        client.StatusCode = (int)upstream.StatusCode;
        var hopByHop = HopByHopHeaders.For(upstream.Headers.Connection);
        CopyHeaders(upstream.Headers.NonValidated, hopByHop, client, logger);
        CopyHeaders(upstream.Content.Headers.NonValidated, hopByHop, client, logger);
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeadersNonValidated headers, IReadOnlySet<string> hopByHop, HttpResponse client, ILogger logger)
    {
        foreach (var (name, values) in headers)
        {
            if (hopByHop.Contains(name)) continue;
            // Repeated fields (Set-Cookie above all) stay separate lines: one StringValues entry each.
            ClientResponseFields.Copy(client, name, values.Count == 1 ? values.ToString() : values.ToArray(), logger);
        }
    }

    /// <summary>
    /// Streams the body; each chunk leaves as soon as the upstream's arrives. The upstream's bytes are read
    /// straight into the memory of Kestrel's response pipe, so no buffer of ours sits between the two
    /// sockets and each chunk is copied once less. Returns the bytes copied; throws
    /// <see cref="UpstreamBodyException"/> when the upstream side broke and lets the client's own failures
    /// (it went away) propagate as they are.
    /// </summary>
    public static async Task<long> CopyBodyAsync(Stream upstreamBody, long? announcedLength, HttpResponse client, Action<ReadOnlyMemory<byte>>? observer, CancellationToken clientAborted)
    {
        var writer = client.BodyWriter;
        var chunk = FirstChunkSize(announcedLength);
        long total = 0;
        while (true)
        {
            var memory = writer.GetMemory(chunk);
            int read;
            try
            {
                read = await upstreamBody.ReadAsync(memory, clientAborted);
            }
            catch (Exception e) when (!clientAborted.IsCancellationRequested)
            {
                throw new UpstreamBodyException(e);
            }
            if (read == 0) return total;
            // A read that filled its memory has more behind it: read on in large chunks.
            if (read == memory.Length) chunk = ChunkSize;
            observer?.Invoke(memory[..read]);
            writer.Advance(read);
            var flushed = await writer.FlushAsync(clientAborted);
            // A completed pipe means the client's side is gone: nothing more would reach it.
            if (flushed.IsCompleted || flushed.IsCanceled) throw new OperationCanceledException("the client's response pipe closed");
            total += read;
        }
    }

    /// <summary>
    /// A small body (most API answers) is asked for no more room than it needs, so it goes into the pipe
    /// block that already holds the response headers and both leave in one send; a large one starts with
    /// a full chunk. A body of unknown length starts small and grows once a read fills its memory.
    /// </summary>
    private static int FirstChunkSize(long? announcedLength) => announcedLength switch
    {
        null => SmallChunkSize,
        var length => (int)Math.Clamp(length.Value, 1, ChunkSize),
    };
}

public sealed class UpstreamBodyException(Exception inner) : Exception("the upstream broke off the response body", inner);
