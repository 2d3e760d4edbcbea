namespace Gateway.Actors.RateLimiting;

internal static class RateAlgorithms
{
    public static IRateAlgorithm Create(RateLimiter.Settings policy) => policy.Algorithm switch
    {
        RateLimitAlgorithm.TokenBucket => new TokenBucket(policy.Requests, policy.Window),
        _ => new SlidingLog(policy.Requests, policy.Window),
    };

    /// <summary>
    /// The state for a policy that changed under a live limiter (a configuration reload). The same
    /// algorithm carries over what still counts; a switch of algorithm starts afresh, since neither
    /// state can be read as the other.
    /// </summary>
    public static IRateAlgorithm Adopt(IRateAlgorithm previous, RateLimiter.Settings policy, long now) =>
        (previous, policy.Algorithm) switch
        {
            (SlidingLog log, RateLimitAlgorithm.SlidingLog) => log.Adopt(policy.Requests, policy.Window, now),
            (TokenBucket bucket, RateLimitAlgorithm.TokenBucket) => bucket.Adopt(policy.Requests, policy.Window, now),
            _ => Create(policy),
        };
}
