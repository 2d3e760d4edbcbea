namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// Published on the actor system's EventStream at every state change, for logs and metrics.
/// Subscribe with <c>system.EventStream.Subscribe(actor, typeof(BreakerTransition))</c>.
/// </summary>
/// <param name="NextRetry">When the breaker is due for a probe (set when it opens).</param>
/// <param name="Transitions">The breaker's transition count after this one.</param>
/// <param name="Cause">Why, in words, e.g. "5 consecutive failures (last: ServerError 503)".</param>
public sealed record BreakerTransition(
    string Upstream,
    BreakerState From,
    BreakerState To,
    int ConsecutiveFailures,
    DateTimeOffset? NextRetry,
    long Transitions,
    string Cause,
    DateTimeOffset At);
