using Akka.Actor;
using Akka.Dispatch;
using Gateway.Actors.Scheduling;

namespace Gateway.Actors.Tests.Scheduling;

/// <summary>The queue behind <see cref="DeadlineScheduler"/>, on a clock the test sets.</summary>
public class DeadlineQueueTests
{
    private sealed class Named(string name) : IRunnable
    {
        public string Name { get; } = name;
        public void Run() { }
        public void Execute() { }
    }

    private static DeadlineQueue.Entry At(long deadline, string name, ICancelable? cancelable = null) =>
        new(deadline, 0, new Named(name), cancelable);

    private static List<string> Due(DeadlineQueue queue, long now)
    {
        var due = new List<DeadlineQueue.Entry>();
        Assert.True(queue.WaitForDue(() => now, due));
        return due.Select(e => ((Named)e.Action).Name).ToList();
    }

    [Fact]
    public void DueTasks_ComeOut_EarliestFirst_AndLaterOnesStay()
    {
        var queue = new DeadlineQueue();
        queue.Add(At(30, "c"));
        queue.Add(At(10, "a"));
        queue.Add(At(20, "b"));
        queue.Add(At(1_000, "later"));

        Assert.Equal(["a", "b", "c"], Due(queue, 30));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void ClosedQueue_RefusesTasks_AndEndsTheWait()
    {
        var queue = new DeadlineQueue();
        queue.Add(At(long.MaxValue, "never"));
        queue.Close();

        Assert.False(queue.Add(At(1, "late")));
        Assert.False(queue.WaitForDue(() => 0, []));
    }

    [Fact]
    public void CancelledTasks_AreSweptOut_BeforeTheyPileUp()
    {
        var queue = new DeadlineQueue();
        var cancelled = Cancelable.CreateCanceled();
        for (var i = 0; i < 10_000; i++) queue.Add(At(long.MaxValue, "cancelled", cancelled));
        queue.Add(At(long.MaxValue, "live"));

        Assert.True(queue.Count < 4_096, $"{queue.Count} tasks queued");
    }
}
