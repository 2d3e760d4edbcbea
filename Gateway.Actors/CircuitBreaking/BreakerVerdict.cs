namespace Gateway.Actors.CircuitBreaking;

/// <summary>What the web layer does with a request, decided from a snapshot without a message.</summary>
public enum BreakerVerdict
{
    /// <summary>Closed: forward now, then Tell a <see cref="CircuitBreaker.Report"/> with the snapshot's epoch.</summary>
    Forward,

    /// <summary>Open and not due, or a probe is already out: answer 503 with Retry-After; send nothing.</summary>
    FailFast,

    /// <summary>Open and due, or half-open with no probe out: Ask <see cref="CircuitBreaker.RequestProbe"/> once.</summary>
    AskForProbe,
}

/// <summary>A <see cref="BreakerVerdict"/> with the Retry-After to send when it is <see cref="BreakerVerdict.FailFast"/>.</summary>
public readonly record struct BreakerDecision(BreakerVerdict Verdict, TimeSpan RetryAfter, long Epoch)
{
    /// <summary>Retry-After in whole seconds, rounded up and at least 1, as the header wants it.</summary>
    public int RetryAfterSeconds => CircuitBreaker.RetryAfterSeconds(RetryAfter);
}
