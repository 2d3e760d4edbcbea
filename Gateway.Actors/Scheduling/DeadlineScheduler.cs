using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Gateway.Actors.Scheduling;

/// <summary>
/// Akka's scheduler without a tick: one thread sleeps until the earliest deadline and wakes only when a
/// task is due or an earlier one arrives. Akka's <see cref="HashedWheelTimerScheduler"/> wakes every
/// <c>tick-duration</c> (10 ms) through <c>Task.Delay</c>, and each wake-up rouses a thread-pool worker
/// that spins before sleeping again: about 4% of a core for a gateway with no traffic at all
/// (docs/benchmarks.md, "Idle CPU"). Here an idle gateway wakes only for the timers it really has.
/// </summary>
/// <remarks>
/// Due tasks run on the scheduler's thread, as in the wheel (a scheduled <c>Tell</c> only enqueues). A
/// task is never run early; it runs late by the operating system's wake-up latency instead of by up to
/// a tick. Selected with <c>akka.scheduler.implementation</c> (<see cref="Hocon"/>).
/// </remarks>
public sealed class DeadlineScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    public const string Hocon = """akka.scheduler.implementation = "Gateway.Actors.Scheduling.DeadlineScheduler, Gateway.Actors" """;

    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    private readonly DeadlineQueue _queue = new();
    private readonly Thread _thread;
    private readonly TimeSpan _shutdownTimeout;
    private readonly ManualResetEventSlim _stopped = new(false);

    public DeadlineScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        _shutdownTimeout = SchedulerConfig.GetTimeSpan("akka.scheduler.shutdown-timeout", TimeSpan.FromSeconds(5));
        _thread = new Thread(Run) { IsBackground = true, Name = "Akka scheduler" };
        _thread.Start();
    }

    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;

    public override TimeSpan MonotonicClock => Clock.Elapsed;

    public override TimeSpan HighResMonotonicClock => Clock.Elapsed;

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, new TellRunnable(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(initialDelay, interval, new TellRunnable(receiver, message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, action, cancelable);

    private void Add(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        if (!_queue.Add(new DeadlineQueue.Entry(Now() + delay.Ticks, interval.Ticks, action, cancelable)))
            throw new SchedulerException("cannot enqueue after timer shutdown");
    }

    private long Now() => HighResMonotonicClock.Ticks;

    private void Run()
    {
        var due = new List<DeadlineQueue.Entry>();
        while (_queue.WaitForDue(Now, due))
        {
            foreach (var entry in due)
            {
                if (entry.Cancelled) continue;
                try
                {
                    entry.Action.Run();
                }
                catch (Exception e)
                {
                    Log.Error(e, "A scheduled task failed");
                }
                // Like the wheel: the next run counts from when this one ran, so a late run never bunches up.
                if (entry.Interval > 0 && !entry.Cancelled) _queue.Add(entry with { Deadline = Now() + entry.Interval });
            }
            due.Clear();
        }
        _stopped.Set();
    }

    public void Dispose()
    {
        _queue.Close();
        if (!_stopped.Wait(_shutdownTimeout)) Log.Warning("Failed to shut the scheduler down within {0}", _shutdownTimeout);
    }

    private sealed class TellRunnable(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);

        public void Execute() => Run();
    }
}
