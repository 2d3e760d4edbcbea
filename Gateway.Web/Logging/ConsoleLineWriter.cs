using System.Threading.Channels;

namespace Gateway.Web.Logging;

/// <summary>
/// Writes log lines to stdout from one thread, many lines per write. The framework's console logger makes
/// one <c>write(2)</c> per line behind a contended lock, about a fifth of the gateway's CPU at 13k requests/s
/// (docs/benchmarks.md); here a line costs a queue slot, and the writer thread gathers whatever arrived in a
/// short window into one UTF-8 buffer and one write. A full queue makes the logger wait, as the framework's
/// does: a line is never dropped. Lines logged after <see cref="Dispose"/> began are written at once.
/// </summary>
public sealed class ConsoleLineWriter : IDisposable
{
    /// <summary>How long the writer lets lines gather after a write; the most a line waits behind a busy writer.</summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(2);

    private const int QueueCapacity = 16_384;
    private const int BufferBytes = 64 * 1024;
    private static readonly TimeSpan DrainOnDispose = TimeSpan.FromSeconds(3);

    private readonly Channel<EncodedLine> _lines = Channel.CreateBounded<EncodedLine>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Stream _output;
    private readonly Lock _writing = new();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly Thread _writer;
    private int _buffered;

    /// <summary>Lines handed to <see cref="Enqueue"/>, and lines written (or let go once stdout broke): what <see cref="Flush"/> compares.</summary>
    private long _queued;
    private long _written;
    private readonly object _progress = new();

    public ConsoleLineWriter(Stream output)
    {
        _output = output;
        _writer = new Thread(WriteUntilCompleted) { IsBackground = true, Name = "Gateway console log writer" };
        _writer.Start();
    }

    /// <summary>Queues one encoded line; its array is returned to the pool once written.</summary>
    public void Enqueue(EncodedLine line)
    {
        Interlocked.Increment(ref _queued);
        if (_lines.Writer.TryWrite(line)) return;
        try
        {
            // Full: stdout is slower than the log. Waiting here is the backpressure that keeps memory bounded.
            _lines.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            WriteNow(line);
        }
    }

    /// <summary>
    /// Waits (bounded) until every line queued before the call is written. For the last lines of a shutdown,
    /// so they are out before anything is torn down, not left to <see cref="Dispose"/>'s own bounded drain.
    /// </summary>
    /// <returns>False when the wait ran out first.</returns>
    public bool Flush(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref _queued);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_progress)
        {
            while (Interlocked.Read(ref _written) < target)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(_progress, (int)Math.Min(left, int.MaxValue));
            }
        }
        return true;
    }

    public void Dispose()
    {
        if (!_lines.Writer.TryComplete()) return;
        _writer.Join(DrainOnDispose);
    }

    private void WriteUntilCompleted()
    {
        var reader = _lines.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                var count = 0;
                lock (_writing)
                {
                    while (reader.TryRead(out var line))
                    {
                        Append(line);
                        count++;
                    }
                    Flush();
                }
                Written(count);
                Thread.Sleep(BatchWindow);
            }
        }
        catch (IOException)
        {
            // stdout is gone (a closed pipe): nobody reads the log any more. Closing the queue keeps callers
            // from waiting on a full one; what they log from now on is tried once and let go.
            _lines.Writer.TryComplete();
            // Nothing more will be written: a Flush has nothing left to wait for.
            Written(long.MaxValue / 2);
        }
    }

    private void Written(long count)
    {
        Interlocked.Add(ref _written, count);
        lock (_progress) Monitor.PulseAll(_progress);
    }

    private void WriteNow(EncodedLine line)
    {
        lock (_writing)
        {
            try
            {
                Append(line);
                Flush();
            }
            catch (IOException)
            {
            }
        }
        Written(1);
    }

    private void Append(EncodedLine line)
    {
        try
        {
            if (line.Length > _buffer.Length - _buffered)
            {
                Flush();
                if (line.Length > _buffer.Length)
                {
                    _output.Write(line.Bytes);
                    return;
                }
            }
            line.Bytes.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += line.Length;
        }
        finally
        {
            line.Return();
        }
    }

    private void Flush()
    {
        if (_buffered == 0) return;
        _output.Write(_buffer, 0, _buffered);
        _output.Flush();
        _buffered = 0;
    }
}
