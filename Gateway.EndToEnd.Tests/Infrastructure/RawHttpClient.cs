using System.Net.Sockets;
using System.Text;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A client that writes a request byte for byte over a bare socket. HttpClient would tidy the input
/// (merge a Connection header, refuse a broken chunk, add Expect); a test of what the gateway does
/// with such input needs it as written. Reads are bounded: each waits at most <see cref="ReadTimeout"/>.
/// </summary>
public sealed class RawHttpClient : IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _socket = new();
    private readonly List<byte> _pending = [];
    private NetworkStream _stream = null!;

    public static async Task<RawHttpClient> ConnectAsync(Uri address)
    {
        var client = new RawHttpClient();
        await client._socket.ConnectAsync(address.Host, address.Port).WaitAsync(ReadTimeout);
        client._stream = client._socket.GetStream();
        return client;
    }

    /// <summary>One GET of <paramref name="path"/> on a fresh connection, its response read whole.</summary>
    public static async Task<RawHttpResponse> GetAsync(RunningApp app, string path)
    {
        await using var client = await ConnectAsync(app.Address);
        await client.SendAsync($"GET {path} HTTP/1.1\nHost: {app.Address.Authority}\n\n");
        return await client.ReadResponseAsync();
    }

    /// <summary>Writes <paramref name="text"/> with its line ends made CRLF, as ASCII (Latin-1 for bytes above 127).</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n")));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(ReadTimeout);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response: its head, and its body by Content-Length, chunks, or to the end of the connection.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        var head = RawHttpResponse.ParseHead(await ReadLineBlockAsync());
        if (head.Status is >= 100 and < 200 || head.Status is 204 or 304) return head;
        var body = head.Header("Content-Length") is { } length
            ? await ReadExactlyAsync(int.Parse(length))
            : head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
                ? await ReadChunkedAsync()
                : await ReadToEndAsync();
        return head with { Body = Encoding.UTF8.GetString(body) };
    }

    /// <summary>True when the gateway closed the connection (a read returned nothing) within the read timeout.</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            return _pending.Count == 0 && await FillAsync() == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<string> ReadLineBlockAsync()
    {
        while (true)
        {
            var end = IndexOf("\r\n\r\n"u8);
            if (end >= 0) return Encoding.Latin1.GetString(Take(end + 4));
            if (await FillAsync() == 0) throw new IOException($"the connection closed inside a response head: '{Encoding.Latin1.GetString([.. _pending])}'");
        }
    }

    private async Task<byte[]> ReadChunkedAsync()
    {
        var body = new List<byte>();
        while (true)
        {
            var line = await ReadLineAsync();
            var size = Convert.ToInt32(line.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                // Trailers, if any, up to the empty line.
                while ((await ReadLineAsync()).Length > 0)
                {
                }
                return [.. body];
            }
            body.AddRange(await ReadExactlyAsync(size));
            await ReadLineAsync();
        }
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var end = IndexOf("\r\n"u8);
            if (end >= 0) return Encoding.Latin1.GetString(Take(end + 2)).TrimEnd('\r', '\n');
            if (await FillAsync() == 0) throw new IOException("the connection closed inside a chunked body");
        }
    }

    /// <summary>The next <paramref name="count"/> bytes the gateway sends (after a 101, its frames).</summary>
    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Count < count)
        {
            if (await FillAsync() == 0) throw new IOException($"the connection closed after {_pending.Count} of {count} body bytes");
        }
        return Take(count);
    }

    private async Task<byte[]> ReadToEndAsync()
    {
        while (await FillAsync() > 0)
        {
        }
        return Take(_pending.Count);
    }

    private async Task<int> FillAsync()
    {
        var buffer = new byte[8192];
        var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout);
        _pending.AddRange(buffer.AsSpan(0, read));
        return read;
    }

    private int IndexOf(ReadOnlySpan<byte> marker) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending).IndexOf(marker);

    private byte[] Take(int count)
    {
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response as the socket carried it: status, header lines in order (Latin-1), body as text.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body)
{
    public static RawHttpResponse ParseHead(string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(line =>
        {
            var colon = line.IndexOf(':');
            return (line[..colon].Trim(), line[(colon + 1)..].Trim());
        }).ToList();
        return new RawHttpResponse(status, headers, "");
    }

    /// <summary>A field's values joined with ", ", or null when it is absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}
