using System.Threading.Tasks.Sources;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relay's permission for a side's reader to take its next frame off the socket: opened by the relay
/// once the previous frame was delivered (backpressure), passed by the reader, and shut again behind it.
/// </summary>
/// <remarks>
/// The reader waits for data before it asks the gate, so when the relay has long since opened it (the
/// usual case) the frame is read at once on the thread whose read just completed. That thread has the
/// socket's pooled read state cached; a read started from the relay's thread would allocate its own.
/// A reader that does have to wait is resumed on the thread pool, never on the relay's thread.
/// </remarks>
internal sealed class RelayReadGate : IValueTaskSource
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private bool _open;
    private bool _readerWaiting;

    /// <summary>Called by the relay: the reader may take one more frame.</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (!_readerWaiting)
            {
                _open = true;
                return;
            }
            _readerWaiting = false;
        }
        // Outside the lock: the waiter's continuation is queued, not run here.
        _waiter.SetResult(true);
    }

    /// <summary>Called by the reader: completes when the gate is open, and shuts it behind the reader.</summary>
    public ValueTask PassAsync()
    {
        lock (_lock)
        {
            if (_open)
            {
                _open = false;
                return ValueTask.CompletedTask;
            }
            // The previous wait, if any, was awaited to its end before the reader came back here.
            _waiter.Reset();
            _readerWaiting = true;
            return new ValueTask(this, _waiter.Version);
        }
    }

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
