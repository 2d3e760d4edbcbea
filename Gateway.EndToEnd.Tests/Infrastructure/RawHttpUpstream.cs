using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A socket that answers requests byte for byte. Kestrel would tidy up connection-level headers
/// itself (and refuse to send some bytes at all); this lets a test send exactly what it wants the
/// gateway to cope with. One connection at a time, closed after each answer.
/// </summary>
public sealed class RawHttpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Conversation, Task> _converse;
    private readonly Task _loop;

    /// <summary>Answers every request with <paramref name="response"/> (line ends made CRLF, sent as Latin-1).</summary>
    public RawHttpUpstream(string response) : this(c => c.SendAsync(response))
    {
    }

    /// <summary>Answers each request with what <paramref name="converse"/> writes, given the request head it read.</summary>
    public RawHttpUpstream(Func<Conversation, Task> converse)
    {
        _converse = converse;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Every request head received, in order.</summary>
    public List<string> Heads { get; } = [];

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                lock (Heads) Heads.Add(head);
                await _converse(new Conversation(head, stream, _stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1];
        // Byte by byte, so a body that follows the head stays in the socket for the conversation to read.
        while (!seen.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0) break;
            seen.Append((char)buffer[0]);
        }
        return seen.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }

    /// <summary>One accepted request: its head, and the socket to answer on.</summary>
    public sealed record Conversation(string Head, NetworkStream Stream, CancellationToken Stopping)
    {
        public async Task SendAsync(string text)
        {
            await Stream.WriteAsync(Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n")), Stopping);
            await Stream.FlushAsync(Stopping);
        }

        /// <summary>The value of a request header field, or null.</summary>
        public string? Header(string name) => Head.Split("\r\n")
            .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim())
            .FirstOrDefault();
    }
}
