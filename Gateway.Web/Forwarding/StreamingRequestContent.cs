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
    public bool ClientFailed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientAborted);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await clientBody.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    ClientFailed = true;
                    throw;
                }
                if (read == 0) return;
                await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token);
                BytesSent += read;
                // Small uploads should reach the upstream now, not when a buffer fills. Cheap for large ones:
                // a write as big as ours bypasses the connection's buffer, leaving nothing to flush. (Copying
                // from Kestrel's pipe and flushing only when it ran dry cost ~25% more CPU per GiB: many
                // small writes instead of one per 64 KiB; docs/benchmarks.md.)
                await stream.FlushAsync(linked.Token);
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
