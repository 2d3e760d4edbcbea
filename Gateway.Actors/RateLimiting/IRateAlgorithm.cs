namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The counting state of one client under one policy. Owned by exactly one limiter actor, so it is
/// never touched by two threads and needs no locking. Times are <see cref="DateTimeOffset.UtcTicks"/>.
/// </summary>
internal interface IRateAlgorithm
{
    /// <summary>Admits (and counts) one request at <paramref name="now"/>, or denies it without counting.</summary>
    RateVerdict TryAcquire(long now);

    /// <summary>The requests the client may still make at <paramref name="now"/> (open reservations counting as used), counting none.</summary>
    int RemainingAt(long now);

    /// <summary>True when nothing remembered still counts at <paramref name="now"/>: a fresh state would decide the same.</summary>
    bool IsIdle(long now);

    /// <summary>
    /// Sets aside <paramref name="permits"/> for a <see cref="PermitLease"/>: they count as used until
    /// <see cref="Settle"/>. Several reservations may be open at once (one per gateway node holding a
    /// lease), and requests are acquired while they are: each open reservation counts against the quota.
    /// The caller asks for no more than <see cref="TryAcquire"/> reported remaining.
    /// </summary>
    LeaseTerms Reserve(long now, int permits);

    /// <summary>
    /// Ends one reservation of <paramref name="permits"/>: <paramref name="taken"/> of them count as
    /// admitted at <paramref name="now"/>, which is no earlier than any of them was taken, so a count
    /// settled late is never in the client's favour; the rest are free again.
    /// </summary>
    void Settle(long now, int permits, int taken);
}

/// <summary>What a reservation leaves the client: see <see cref="PermitLease"/> for each part.</summary>
internal readonly record struct LeaseTerms(int RemainingBeyond, TimeSpan ResetAfterAllTaken, long TicksPerPermit);

/// <summary>One decision of an <see cref="IRateAlgorithm"/>; see <see cref="RateLimiter.Decision"/> for the meaning of each part.</summary>
internal readonly record struct RateVerdict(bool Allowed, int Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter);
