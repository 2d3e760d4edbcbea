using Akka.Actor;
using Akka.TestKit.Xunit2;
using Gateway.Actors.Scheduling;

namespace Gateway.Actors.Tests.Scheduling;

/// <summary>
/// The gateway's real scheduler in a real actor system (the one place actor tests use real time): timers
/// fire, repeat and stay cancelled. Waits are bounded; nothing here measures how punctual they are.
/// </summary>
public class DeadlineSchedulerTests() : TestKit(DeadlineScheduler.Hocon)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheSystem_RunsOnTheDeadlineScheduler() => Assert.IsType<DeadlineScheduler>(Sys.Scheduler);

    [Fact]
    public async Task ScheduledTell_Arrives_AfterItsDelay()
    {
        var started = Sys.Scheduler.MonotonicClock;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "due", ActorRefs.NoSender);

        await ExpectMsgAsync("due", Bound);
        Assert.True(Sys.Scheduler.MonotonicClock - started >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task EarlierTimer_IsNotHeldUp_ByALaterOne()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromHours(1), TestActor, "late", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), TestActor, "early", ActorRefs.NoSender);

        await ExpectMsgAsync("early", Bound);
    }

    [Fact]
    public async Task RepeatedTell_Repeats_UntilCancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "tick", ActorRefs.NoSender);
        await ExpectMsgAsync("tick", Bound);
        await ExpectMsgAsync("tick", Bound);
        cancelable.Cancel();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(60), TestActor, "marker", ActorRefs.NoSender);
        // A tick already on its way may land before the marker; none after it.
        await FishForMessageAsync(m => m is "marker", Bound);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task CancelledTimer_NeverFires()
    {
        var cancelable = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(50), TestActor, "cancelled", ActorRefs.NoSender);
        cancelable.Cancel();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(150), TestActor, "after", ActorRefs.NoSender);

        await ExpectMsgAsync("after", Bound);
    }
}
