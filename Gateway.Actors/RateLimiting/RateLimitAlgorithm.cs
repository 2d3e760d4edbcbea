namespace Gateway.Actors.RateLimiting;

/// <summary>How a policy counts a client's requests (HOCON <c>rate-limit.algorithm</c>).</summary>
public enum RateLimitAlgorithm
{
    /// <summary>
    /// <c>sliding-log</c> (the default): the limiter remembers the time of each admitted request and
    /// admits a new one only if fewer than <c>requests</c> were admitted in the last <c>window</c>.
    /// That is the exact promise "no more than N requests in ANY interval of length W": there is no
    /// fixed window edge where a client can fit a burst at the end of one window and another at the
    /// start of the next. The price is memory: up to N timestamps (8 bytes each) per client, so it
    /// suits the usual "10 per minute" policies, not "100 000 per hour".
    /// </summary>
    SlidingLog,

    /// <summary>
    /// <c>token-bucket</c> (alias <c>gcra</c>): a bucket of N tokens that refills continuously at
    /// N per W, kept as one "theoretical arrival time" (the generic cell rate algorithm), so the
    /// memory per client is constant whatever N is. A full bucket admits a burst of N at once and
    /// then one request every W/N. It is smoother but looser than the sliding log: in one interval
    /// of length W a client can get the N-burst plus the tokens refilled during that interval,
    /// up to 2N-1 requests. Choose it for high-rate policies where a per-request log would cost
    /// too much memory.
    /// </summary>
    TokenBucket,
}
