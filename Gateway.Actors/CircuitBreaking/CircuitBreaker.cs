using Akka.Actor;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// The circuit-breaker protocol: one actor per upstream (closed → open → half-open → closed or
/// open), living under a <see cref="CircuitBreakerRegistry"/> that routes by upstream key.
/// <para>
/// Web usage, per request: <c>board.Get(upstream).Decide(system.Scheduler.Now)</c>.
/// <see cref="BreakerVerdict.Forward"/>: forward, then Tell <see cref="Report"/> with the decision's epoch.
/// <see cref="BreakerVerdict.FailFast"/>: 503 with Retry-After, no message.
/// <see cref="BreakerVerdict.AskForProbe"/>: one Ask of <see cref="RequestProbe"/>, answered
/// <see cref="ProbeGranted"/> (forward, then Tell <see cref="Report"/> with the granted epoch as
/// soon as the response headers are in) or <see cref="Rejected"/> (503).
/// </para>
/// </summary>
public static partial class CircuitBreaker
{
    /// <summary>How long a closed breaker with no failures may sit idle before it is passivated.</summary>
    public static readonly TimeSpan DefaultPassivateAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The registry (top-level actor): creates breakers on demand or from <see cref="EnsureBreakers"/>,
    /// routes by key and passivates idle closed ones. <paramref name="random"/> returns values in [0, 1)
    /// for the reset jitter; tests pass a constant.
    /// </summary>
    public static Props RegistryProps(
        BreakerBoard board,
        Settings defaults,
        TimeSpan? passivateAfter = null,
        Func<double>? random = null) =>
        Akka.Actor.Props.Create(() => new CircuitBreakerRegistry(
            board, defaults, passivateAfter ?? DefaultPassivateAfter, random ?? Random.Shared.NextDouble));

    /// <summary>
    /// One breaker on its own (the registry uses this for its children). Without
    /// <paramref name="passivateAfter"/> it never asks its parent to passivate it.
    /// </summary>
    public static Props Props(
        string upstream,
        Settings settings,
        BreakerBoard board,
        Func<double>? random = null,
        TimeSpan? passivateAfter = null) =>
        Akka.Actor.Props.Create(() => new CircuitBreakerActor(
            upstream, settings, board, random ?? Random.Shared.NextDouble, passivateAfter));

    /// <summary>Retry-After in whole seconds: rounded up, at least 1 (0 would invite an instant retry).</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
