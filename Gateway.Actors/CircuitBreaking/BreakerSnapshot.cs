namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// The state of one upstream's breaker as its actor last published it. Immutable; the web layer
/// reads it from the <see cref="BreakerBoard"/> without a message, only the actor replaces it.
/// </summary>
/// <param name="Upstream">The breaker's key, e.g. <c>service-a|http://localhost:8001</c>.</param>
/// <param name="State">Closed, open or half-open.</param>
/// <param name="ConsecutiveFailures">Failures since the last success (kept while open, zeroed on close).</param>
/// <param name="OpenUntil">While open: when a probe becomes due. Null otherwise.</param>
/// <param name="CurrentResetTimeout">The backoff of the current (or next) open period, before jitter.</param>
/// <param name="Transitions">How many transitions this breaker has made; doubles as the epoch reports carry.</param>
/// <param name="ProbeInFlight">Half-open with its one probe out: everyone else fails fast.</param>
/// <param name="Since">When the breaker entered <see cref="State"/>.</param>
public sealed record BreakerSnapshot(
    string Upstream,
    BreakerState State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenUntil,
    TimeSpan CurrentResetTimeout,
    long Transitions,
    bool ProbeInFlight,
    DateTimeOffset Since)
{
    /// <summary>
    /// A busy half-open breaker does not know when its probe will answer; clients are told to come
    /// back soon, since a failed retry costs the gateway nothing.
    /// </summary>
    public static readonly TimeSpan ProbePendingRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The settings the breaker ran with, so that a later incarnation (after passivation, or on another
    /// node after this one's node left) resumes with its route's settings, not the global ones.
    /// </summary>
    public CircuitBreaker.Settings? Settings { get; init; }

    /// <summary>
    /// Identifies the state a request was admitted under. A report carrying another epoch was
    /// admitted before a transition and no longer says anything about the current state.
    /// </summary>
    public long Epoch => Transitions;

    /// <summary>What an upstream no actor has published yet looks like: closed, nothing counted.</summary>
    public static BreakerSnapshot Initial(string upstream) =>
        new(upstream, BreakerState.Closed, 0, null, TimeSpan.Zero, 0, false, DateTimeOffset.MinValue);

    /// <summary>
    /// The hot-path decision for one request at <paramref name="now"/> (pass the actor system's
    /// <c>Scheduler.Now</c> so tests and the actor agree on time).
    /// </summary>
    public BreakerDecision Decide(DateTimeOffset now) => State switch
    {
        BreakerState.Closed => new(BreakerVerdict.Forward, TimeSpan.Zero, Epoch),
        BreakerState.Open when OpenUntil is { } until && until > now =>
            new(BreakerVerdict.FailFast, until - now, Epoch),
        BreakerState.HalfOpen when ProbeInFlight =>
            new(BreakerVerdict.FailFast, ProbePendingRetryAfter, Epoch),
        _ => new(BreakerVerdict.AskForProbe, TimeSpan.Zero, Epoch),
    };
}
