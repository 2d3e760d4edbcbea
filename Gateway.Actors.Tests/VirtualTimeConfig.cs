using Akka.Actor;
using Akka.TestKit;

namespace Gateway.Actors.Tests;

/// <summary>
/// TestKit configuration whose scheduler is the TestKit's <see cref="TestScheduler"/>: timers,
/// receive timeouts and <c>Scheduler.Now</c> move only when a test advances them.
/// </summary>
public static class VirtualTimeConfig
{
    public const string Hocon = """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """;

    public static TestScheduler VirtualScheduler(this ActorSystem system) => (TestScheduler)system.Scheduler;
}
