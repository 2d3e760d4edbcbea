using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

/// <summary>The upstreams and settings the breaker tests share.</summary>
public static class BreakerTestConfig
{
    public const string UpstreamA = "service-a|http://localhost:8001";
    public const string UpstreamB = "service-b|http://localhost:8002";

    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Small numbers and no jitter, so open periods can be computed exactly.</summary>
    public static readonly CircuitBreaker.Settings Settings = CircuitBreaker.Settings.Default with
    {
        MaxFailures = 3,
        ResetTimeout = TimeSpan.FromSeconds(10),
        MaxResetTimeout = TimeSpan.FromSeconds(35),
        CallTimeout = TimeSpan.FromSeconds(5),
        ResetJitter = 0,
    };
}

/// <summary>A TestKit on virtual time with a board and helpers to drive one upstream's breaker.</summary>
public abstract class BreakerTestKit : VirtualTimeTestKit
{
    protected BreakerBoard Board { get; } = new();

    protected BreakerSnapshot SnapshotOf(string upstream) => Board.Get(upstream);

    /// <summary>A report admitted under the breaker's current epoch, as the web layer would send it.</summary>
    protected Report Current(string upstream, Outcome outcome) => new(upstream, outcome, SnapshotOf(upstream).Epoch);

    protected Task<ProbeAnswer> AskProbeAsync(IActorRef target, string upstream) =>
        target.Ask<ProbeAnswer>(new RequestProbe(upstream), BreakerTestConfig.AskTimeout);

    /// <summary>Waits until <paramref name="actor"/> has handled everything sent to it before.</summary>
    protected Task SyncAsync(IActorRef actor) => actor.Ask<ActorIdentity>(new Identify(null), BreakerTestConfig.AskTimeout);

    protected async Task FailAsync(IActorRef breaker, string upstream, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.Tell(Current(upstream, Outcome.ServerError(503)));
            await SyncAsync(breaker);
        }
    }
}
