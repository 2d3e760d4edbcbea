namespace Gateway.Actors.Tests.WebSockets;

/// <summary>The actor system the relay tests run in: virtual time, so timers fire only when a test says.</summary>
public static class RelayTestConfig
{
    public const string Hocon = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = INFO
        """;

    /// <summary>How long a test waits for something that should happen at once, before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
