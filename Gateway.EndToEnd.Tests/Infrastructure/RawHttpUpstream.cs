using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A socket that answers every request with one canned HTTP/1.1 response, byte for byte. Kestrel
/// would tidy up connection-level headers itself; this lets a test send exactly what it wants to see
/// stripped.
/// </summary>
public sealed class RawHttpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RawHttpUpstream(string response)
    {
        _listener.Start();
        _loop = AcceptAsync(Encoding.ASCII.GetBytes(response.ReplaceLineEndings("\r\n")));
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptAsync(byte[] response)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                await ReadHeadAsync(stream);
                await stream.WriteAsync(response, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadHeadAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0) return;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}
