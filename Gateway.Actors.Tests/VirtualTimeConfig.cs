using Akka.Actor;
using Akka.TestKit;

namespace Gateway.Actors.Tests;

/// <summary>
/// TestKit configuration whose scheduler is the TestKit's <see cref="TestScheduler"/>: timers,
/// receive timeouts and <c>Scheduler.Now</c> move only when a test advances them. The one
/// configuration of every actor test.
/// </summary>
public static class VirtualTimeConfig
{
    // INFO is Akka's default; stated because the breaker's log tests filter for Info events.
    public const string Hocon = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = INFO
        """ + "\n" + Gateway.Actors.RateLimiting.LimiterMailbox.Hocon;

    public static TestScheduler VirtualScheduler(this ActorSystem system) => (TestScheduler)system.Scheduler;
}
