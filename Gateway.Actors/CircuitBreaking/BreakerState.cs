namespace Gateway.Actors.CircuitBreaking;

/// <summary>The three states of a circuit breaker, as in the diagram: closed → open → half-open → closed or open.</summary>
public enum BreakerState
{
    /// <summary>Requests go through; consecutive failures are counted.</summary>
    Closed,

    /// <summary>Requests fail fast until <see cref="BreakerSnapshot.OpenUntil"/>.</summary>
    Open,

    /// <summary>One probe request may go through; everything else fails fast until it reports.</summary>
    HalfOpen,
}
