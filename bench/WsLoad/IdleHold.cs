using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.InteropServices;

namespace WsLoad;

/// <summary>
/// Opens N connections and keeps them open and silent, each with one pending receive (as a real
/// client would have, so a close from the far side is noticed). Prints "OPEN ..." when all are up,
/// then waits for SIGTERM/SIGINT or the hold limit, and reports how many were still open.
/// </summary>
public static class IdleHold
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        using var invoker = Connector.CreateInvoker();
        var opening = Stopwatch.StartNew();
        var sockets = await Connector.OpenAsync(options, invoker, keepAlive: TimeSpan.Zero);
        var dropped = 0;
        var stopping = false;
        var watchers = sockets.Select(socket => WatchAsync(socket, () =>
        {
            if (!Volatile.Read(ref stopping)) Interlocked.Increment(ref dropped);
        })).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OPEN connections={sockets.Length} seconds={opening.Elapsed.TotalSeconds:0.0}"));

        await Task.WhenAny(stop.Task, Task.Delay(options.Hold));
        var stillOpen = sockets.Count(s => s.State == WebSocketState.Open);
        Volatile.Write(ref stopping, true);
        Connector.AbortAll(sockets);
        await Task.WhenAll(watchers);
        Console.WriteLine($"RESULT held={stillOpen} dropped={Volatile.Read(ref dropped)} connections={sockets.Length}");
        return stillOpen == sockets.Length ? 0 : 1;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static async Task WatchAsync(ClientWebSocket socket, Action onDropped)
    {
        var buffer = new byte[16];
        try
        {
            while (true)
            {
                var frame = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    onDropped();
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted by us at the end (not counted), or dropped by the far side.
            onDropped();
        }
    }
}
