using System.Net.WebSockets;

namespace WsLoad;

/// <summary>Opens many client sockets over one shared handler, a bounded number of handshakes at a time, each with a deadline.</summary>
public static class Connector
{
    public static HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>
    /// Opens <see cref="LoadOptions.Connections"/> sockets. Any failed handshake fails the whole call
    /// (after the others finish or time out), so a result never silently covers fewer connections than asked.
    /// </summary>
    public static async Task<ClientWebSocket[]> OpenAsync(LoadOptions options, HttpMessageInvoker invoker, TimeSpan keepAlive)
    {
        var sockets = new ClientWebSocket[options.Connections];
        using var deadline = new CancellationTokenSource(options.ConnectTimeout);
        using var gate = new SemaphoreSlim(options.ConnectParallelism);
        Exception? firstError = null;
        var failed = 0;

        async Task OpenOneAsync(int index)
        {
            await gate.WaitAsync(deadline.Token);
            try
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = keepAlive;
                if (options.Header is { } header) socket.Options.SetRequestHeader(header.Name, header.Value);
                sockets[index] = socket;
                await socket.ConnectAsync(options.Url, invoker, deadline.Token);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e, null);
            }
            finally
            {
                gate.Release();
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, sockets.Length).Select(OpenOneAsync));
        }
        catch (OperationCanceledException e)
        {
            firstError ??= e;
            failed = Math.Max(failed, 1);
        }

        if (failed > 0)
        {
            AbortAll(sockets);
            var reason = firstError is OperationCanceledException
                ? $"not all connected within {options.ConnectTimeout.TotalSeconds:0}s"
                : $"{firstError?.GetType().Name}: {Describe(firstError)}";
            throw new WebSocketException($"{failed} of {sockets.Length} connections failed to open ({reason})");
        }
        return sockets;
    }

    public static void AbortAll(IEnumerable<ClientWebSocket?> sockets)
    {
        foreach (var socket in sockets)
        {
            socket?.Abort();
            socket?.Dispose();
        }
    }

    private static string Describe(Exception? e)
    {
        // The handshake's own message hides the status code the proxy answered with; the inner one has it.
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException) messages.Add(current.Message);
        return string.Join(" / ", messages.Distinct()).ReplaceLineEndings(" ");
    }
}
