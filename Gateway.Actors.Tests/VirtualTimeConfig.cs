using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Gateway.Actors.WebSockets;

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
        """;

    /// <summary>The configuration itself, over what the gateway's actor system always has (the relays' dispatcher).</summary>
    public static Config Config => ConfigurationFactory.ParseString(Hocon).WithFallback(RelayDispatcher.Config);

    public static TestScheduler VirtualScheduler(this ActorSystem system) => (TestScheduler)system.Scheduler;
}
