using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// The circuit-breaker protocol: one breaker per upstream (closed → open → half-open → closed or
/// open) in the whole cluster, a sharded entity (<see cref="ShardTypeName"/>) keyed by upstream. Every
/// node's <see cref="BreakerBoard"/> holds every breaker's latest snapshot: the breaker writes its own
/// node's board and publishes a <see cref="BreakerUpdate"/> that each node's keeper
/// (<see cref="KeeperProps"/>) writes to the others.
/// <para>
/// Web usage, per request: <c>board.Get(upstream).Decide(system.Scheduler.Now)</c>.
/// <see cref="BreakerVerdict.Forward"/>: forward, then Tell <see cref="Report"/> with the decision's epoch.
/// <see cref="BreakerVerdict.FailFast"/>: 503 with Retry-After, no message.
/// <see cref="BreakerVerdict.AskForProbe"/>: one Ask of <see cref="RequestProbe"/>, answered
/// <see cref="ProbeGranted"/> (forward, then Tell <see cref="Report"/> with the granted epoch as
/// soon as the response headers are in) or <see cref="Rejected"/> (503). One breaker decides, so a
/// half-open breaker lets exactly one probe through in the whole cluster.
/// </para>
/// </summary>
public static partial class CircuitBreaker
{
    /// <summary>The sharded entity type's name; the same on every node.</summary>
    public const string ShardTypeName = "circuit-breaker";

    /// <summary>The publish-subscribe topic breakers publish their snapshots on.</summary>
    public const string UpdatesTopic = "gateway-breaker-updates";

    /// <summary>How long a closed breaker with no failures may sit idle before it is passivated.</summary>
    public static readonly TimeSpan DefaultPassivateAfter = TimeSpan.FromMinutes(5);

    /// <summary>Routes every <see cref="IBreakerCommand"/> to the breaker of its upstream.</summary>
    public static IMessageExtractor MessageExtractor { get; } = new BreakerShards();

    /// <summary>
    /// One breaker. It starts with <paramref name="defaults"/> unless its board already holds the settings
    /// of an earlier incarnation, and takes its route's settings from <see cref="Configure"/>.
    /// <paramref name="publisher"/> receives its <see cref="BreakerUpdate"/>s for the other nodes (null: one
    /// node, no one to tell). <paramref name="random"/> returns values in [0, 1) for the reset jitter;
    /// tests pass a constant. Without <paramref name="passivateAfter"/> it never asks to be passivated.
    /// </summary>
    public static Props Props(
        string upstream,
        Settings defaults,
        BreakerBoard board,
        IActorRef? publisher = null,
        Func<double>? random = null,
        TimeSpan? passivateAfter = null) =>
        Akka.Actor.Props.Create(() => new CircuitBreakerActor(
            upstream, defaults, board, publisher, random ?? Random.Shared.NextDouble, passivateAfter));

    /// <summary>This node's keeper: writes the other nodes' breaker updates to <paramref name="board"/>.</summary>
    public static Props KeeperProps(BreakerBoard board, string selfNode) =>
        Akka.Actor.Props.Create(() => new BreakerBoardKeeper(board, selfNode));

    /// <summary>Retry-After in whole seconds: rounded up, at least 1 (0 would invite an instant retry).</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
