using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace WsLoad;

/// <summary>
/// Closed-loop echo: each connection sends one small text message, waits for the whole echo, records
/// the round trip, and sends the next, until the time is up. Round trips that start during the
/// warm-up are not counted.
/// </summary>
public static class EchoLoad
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        using var invoker = Connector.CreateInvoker();
        var sockets = await Connector.OpenAsync(options, invoker, keepAlive: TimeSpan.Zero);
        var recorders = sockets.Select(_ => new LatencyRecorder()).ToArray();
        var message = Enumerable.Repeat((byte)'x', options.MessageBytes).ToArray();

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        // A stuck round trip must not hold the run open: everything ends a little after the planned end.
        using var hardStop = new CancellationTokenSource(options.Warmup + options.Duration + TimeSpan.FromSeconds(10));

        var errors = 0;
        await Task.WhenAll(sockets.Select(async (socket, i) =>
        {
            try
            {
                await PumpAsync(socket, message, recorders[i], measureFrom, stopAt, hardStop.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref errors);
            }
        }));
        Connector.AbortAll(sockets);

        var sorted = LatencyRecorder.MergeSortedMilliseconds(recorders);
        if (sorted.Length == 0)
        {
            Console.WriteLine($"FAILED no echo completed ({errors} connection errors)");
            return 1;
        }
        var rate = sorted.Length / options.Duration.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT msgs_per_s={rate:0.0} p50_ms={LatencyRecorder.Percentile(sorted, 0.50):0.000} p99_ms={LatencyRecorder.Percentile(sorted, 0.99):0.000} messages={sorted.Length} connections={sockets.Length} errors={errors}"));
        return errors == 0 ? 0 : 1;
    }

    private static async Task PumpAsync(ClientWebSocket socket, byte[] message, LatencyRecorder recorder, long measureFrom, long stopAt, CancellationToken cancel)
    {
        var buffer = new byte[Math.Max(message.Length, 1024)];
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= stopAt) return;
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancel);

            var received = 0;
            ValueWebSocketReceiveResult frame;
            do
            {
                frame = await socket.ReceiveAsync(buffer.AsMemory(received % buffer.Length), cancel);
                if (frame.MessageType == WebSocketMessageType.Close) throw new WebSocketException("the server closed the connection");
                received += frame.Count;
            } while (!frame.EndOfMessage);

            if (received != message.Length) throw new WebSocketException($"echo of {message.Length} bytes came back as {received}");
            if (sent >= measureFrom) recorder.Record(Stopwatch.GetTimestamp() - sent);
        }
    }
}
