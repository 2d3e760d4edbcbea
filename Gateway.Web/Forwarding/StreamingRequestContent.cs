using System.Buffers;
using System.Net;

namespace Gateway.Web.Forwarding;

/// <summary>
/// The client's request body, copied to the upstream as it arrives (never buffered whole). It records
/// whether any byte went out, because a request is only safe to retry before that, and whether a
/// failure came from the client's side rather than the upstream's.
/// </summary>
public sealed class StreamingRequestContent(Stream clientBody, CancellationToken clientAborted) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    public long BytesSent { get; private set; }
    public bool ClientFailed => ClientFailure is not null;

    /// <summary>What reading the client's body threw, when it failed on the client's side.</summary>
    public Exception? ClientFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>
    /// Reads up to 64 KiB at a time and flushes only when the client has nothing more for the moment (the
    /// next read did not complete at once): a small upload reaches the upstream now, and a steady one goes
    /// out in the connection's own batching instead of one send per chunk the client's socket happened to
    /// give (a flush per chunk cost a fifth of the upload throughput of chunked uploads; docs/benchmarks.md).
    /// </summary>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientAborted);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var next = clientBody.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token);
            while (true)
            {
                int read;
                try
                {
                    read = await next;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    ClientFailure = e;
                    throw;
                }
                if (read == 0) return;
                await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token);
                BytesSent += read;
                next = clientBody.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token);
                if (!next.IsCompleted) await stream.FlushAsync(linked.Token);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
