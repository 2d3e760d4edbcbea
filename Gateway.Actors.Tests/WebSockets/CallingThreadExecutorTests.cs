using Akka.Dispatch;
using Gateway.Actors.WebSockets;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>
/// The relays' executor: a relay runs on the thread-pool thread that handed it a frame, but never on a
/// dedicated thread (Akka's scheduler, a test's own) and never nested inside another of its runs.
/// </summary>
public sealed class CallingThreadExecutorTests
{
    private readonly CallingThreadExecutor _executor = new("test");

    [Fact]
    public async Task OnAThreadPoolThread_TheRunHappensAtOnce_OnThatThread()
    {
        var (ranOn, ranBeforeReturn) = await Task.Run(() =>
        {
            int? thread = null;
            _executor.Execute(new ActionRunnable(() => thread = Environment.CurrentManagedThreadId));
            return (thread, Environment.CurrentManagedThreadId);
        });

        Assert.Equal(ranBeforeReturn, ranOn);
    }

    [Fact]
    public async Task OnADedicatedThread_TheRunIsQueuedToThePool()
    {
        var ran = new TaskCompletionSource<(int Thread, bool Pool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var caller = new Thread(() =>
            _executor.Execute(new ActionRunnable(() => ran.TrySetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread)))));
        caller.Start();
        caller.Join();

        var (thread, pool) = await ran.Task.WaitAsync(RelayTestConfig.Patience);
        Assert.NotEqual(caller.ManagedThreadId, thread);
        Assert.True(pool);
    }

    [Fact]
    public async Task ARunThatSchedulesAnother_DoesNotRunItNestedOnItsOwnStack()
    {
        var order = new List<string>();
        var innerRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.Run(() => _executor.Execute(new ActionRunnable(() =>
        {
            _executor.Execute(new ActionRunnable(() =>
            {
                lock (order) order.Add("inner");
                innerRan.SetResult();
            }));
            lock (order) order.Add("outer done");
        })));

        await innerRan.Task.WaitAsync(RelayTestConfig.Patience);
        Assert.Equal(["outer done", "inner"], order);
    }
}
