using Akka.Actor;
using Akka.Dispatch;

namespace Gateway.Actors.Scheduling;

/// <summary>
/// The tasks of <see cref="DeadlineScheduler"/>, earliest deadline first, and the wait for the next one.
/// Times are ticks of one monotonic clock, passed in so tests can drive it.
/// </summary>
internal sealed class DeadlineQueue
{
    internal sealed record Entry(long Deadline, long Interval, IRunnable Action, ICancelable? Cancelable)
    {
        public bool Cancelled => Cancelable is { IsCancellationRequested: true };
    }

    /// <summary>
    /// A cancelled task stays queued until its deadline; actors that re-arm a long <c>ReceiveTimeout</c> on
    /// every message would pile those up, so past this many the cancelled ones are swept out.
    /// </summary>
    private const int SweepFloor = 4096;

    private readonly PriorityQueue<Entry, long> _heap = new();
    private readonly object _lock = new();
    private int _sweepAt = SweepFloor;
    private bool _closed;

    public int Count
    {
        get { lock (_lock) return _heap.Count; }
    }

    /// <summary>Queues a task; false once the queue is closed.</summary>
    public bool Add(Entry entry)
    {
        lock (_lock)
        {
            if (_closed) return false;
            var wakeEarlier = !_heap.TryPeek(out _, out var earliest) || entry.Deadline < earliest;
            _heap.Enqueue(entry, entry.Deadline);
            if (_heap.Count >= _sweepAt) Sweep();
            // The thread sleeps until the earliest deadline it knew of; only an earlier one needs to wake it.
            if (wakeEarlier) Monitor.Pulse(_lock);
            return true;
        }
    }

    /// <summary>
    /// Blocks until at least one task is due, then moves every due task to <paramref name="due"/>.
    /// False once the queue is closed.
    /// </summary>
    public bool WaitForDue(Func<long> now, List<Entry> due)
    {
        lock (_lock)
        {
            while (!_closed)
            {
                var current = now();
                while (_heap.TryPeek(out var entry, out var deadline) && deadline <= current)
                {
                    _heap.Dequeue();
                    due.Add(entry);
                }
                if (due.Count > 0) return true;
                if (!_heap.TryPeek(out _, out var next))
                {
                    Monitor.Wait(_lock);
                    continue;
                }
                // Rounded up: waking a millisecond early would only mean a second wake-up.
                var ms = (next - current + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
                Monitor.Wait(_lock, (int)Math.Min(ms, int.MaxValue));
            }
            return false;
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }

    private void Sweep()
    {
        var live = _heap.UnorderedItems.Where(item => !item.Element.Cancelled).ToList();
        _heap.Clear();
        _heap.EnqueueRange(live);
        _sweepAt = Math.Max(SweepFloor, live.Count * 2);
    }
}
