using System.Text;
using Gateway.Web.Logging;

namespace Gateway.Web.Tests.Logging;

public sealed class ConsoleLineWriterTests
{
    [Fact]
    public void EveryLine_IsWritten_InOrder_AsUtf8_ByDispose()
    {
        var output = new CountingStream();
        var lines = Enumerable.Range(0, 500).Select(i => $"{{\"n\":{i},\"text\":\"grüße ✓\"}}").ToList();
        var longLine = new string('x', 200_000);

        using (var writer = new ConsoleLineWriter(output))
        {
            foreach (var line in lines) Queue(writer, line);
            Queue(writer, longLine);
        }

        Assert.Equal(string.Concat(lines.Select(l => l + "\n")) + longLine + "\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void ABurstOfLines_GoesOutInFarFewerWritesThanLines()
    {
        var output = new CountingStream();
        using (var writer = new ConsoleLineWriter(output))
        {
            for (var i = 0; i < 2_000; i++) Queue(writer, $"line {i}");
        }

        Assert.Equal(2_000, Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.InRange(output.Writes, 1, 200);
    }

    [Fact]
    public void ALineLoggedAfterDispose_IsStillWritten()
    {
        var output = new CountingStream();
        var writer = new ConsoleLineWriter(output);
        Queue(writer, "before");
        writer.Dispose();

        Queue(writer, "after");

        Assert.Equal("before\nafter\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task ABrokenStdout_NeverBlocksTheCallersThatLog()
    {
        using var writer = new ConsoleLineWriter(new BrokenStream());

        // More lines than the queue holds: were the queue left open with nobody reading it, this would hang.
        var logging = Task.Run(() =>
        {
            for (var i = 0; i < 40_000; i++) Queue(writer, $"line {i}");
        });

        await logging.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Flush_ReturnsOnceEveryLineQueuedBeforeIt_IsWritten_AndNotBefore()
    {
        var output = new GatedStream();
        using var writer = new ConsoleLineWriter(output);
        for (var i = 0; i < 100; i++) Queue(writer, $"line {i}");

        // Stdout is stuck: the bounded wait runs out and says so.
        Assert.False(writer.Flush(TimeSpan.FromMilliseconds(200)));

        var flushed = Task.Run(() => writer.Flush(TimeSpan.FromSeconds(30)));
        output.Open.Set();

        Assert.True(await flushed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(100, Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>A line as the logger queues it: written into a <see cref="LineCapture"/> and taken as UTF-8.</summary>
    private static void Queue(ConsoleLineWriter writer, string line)
    {
        var capture = new LineCapture();
        capture.Write(line);
        writer.Enqueue(capture.TakeLine()!.Value);
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }
    }

    /// <summary>Stdout that takes nothing until opened, like a pipe nobody reads yet.</summary>
    private sealed class GatedStream : MemoryStream
    {
        public ManualResetEventSlim Open { get; } = new();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Open.Wait(TimeSpan.FromSeconds(30));
            lock (this) base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Open.Wait(TimeSpan.FromSeconds(30));
            lock (this) base.Write(buffer);
        }

        public override byte[] ToArray()
        {
            lock (this) return base.ToArray();
        }
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("Broken pipe");
    }
}
