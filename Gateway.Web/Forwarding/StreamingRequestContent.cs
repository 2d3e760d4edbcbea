using System.IO.Pipelines;
using System.Net;

namespace Gateway.Web.Forwarding;

/// <summary>
/// The client's request body, copied to the upstream as it arrives (never buffered whole). It records
/// whether any byte went out, because a request is only safe to retry before that, and whether a
/// failure came from the client's side rather than the upstream's.
/// </summary>
public sealed class StreamingRequestContent(PipeReader clientBody, CancellationToken clientAborted) : HttpContent
{
    public long BytesSent { get; private set; }
    public bool ClientFailed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>
    /// Copies straight out of Kestrel's pipe (no buffer of our own) and flushes only when the client has
    /// nothing more for the moment: a small upload reaches the upstream at once, and a large one leaves in
    /// the connection's full-sized writes instead of one send per chunk the client's socket happened to give.
    /// </summary>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientAborted);
        while (true)
        {
            ReadResult read;
            try
            {
                if (!clientBody.TryRead(out read))
                {
                    await stream.FlushAsync(linked.Token);
                    read = await clientBody.ReadAsync(linked.Token);
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                ClientFailed = true;
                throw;
            }

            if (read.IsCanceled)
            {
                // Nobody but Kestrel reads this pipe; a cancelled read means the body will not arrive whole.
                ClientFailed = true;
                throw new OperationCanceledException("the client's request body read was cancelled");
            }
            var buffer = read.Buffer;
            try
            {
                foreach (var segment in buffer)
                {
                    await stream.WriteAsync(segment, linked.Token);
                    BytesSent += segment.Length;
                }
            }
            finally
            {
                clientBody.AdvanceTo(buffer.End);
            }
            if (read.IsCompleted)
            {
                await stream.FlushAsync(linked.Token);
                return;
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
