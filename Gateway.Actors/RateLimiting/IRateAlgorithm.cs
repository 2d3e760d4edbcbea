namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The counting state of one client under one policy. Owned by exactly one limiter actor, so it is
/// never touched by two threads and needs no locking. Times are <see cref="DateTimeOffset.UtcTicks"/>.
/// </summary>
internal interface IRateAlgorithm
{
    /// <summary>Admits (and counts) one request at <paramref name="now"/>, or denies it without counting.</summary>
    RateVerdict TryAcquire(long now);

    /// <summary>True when nothing remembered still counts at <paramref name="now"/>: a fresh state would decide the same.</summary>
    bool IsIdle(long now);
}

/// <summary>One decision of an <see cref="IRateAlgorithm"/>; see <see cref="RateLimiter.Decision"/> for the meaning of each part.</summary>
internal readonly record struct RateVerdict(bool Allowed, int Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter);
