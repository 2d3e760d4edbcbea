using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>Memory bounds of the two algorithms, checked on the state objects directly.</summary>
public class RateAlgorithmTests
{
    private static readonly long Start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    [Fact]
    public void SlidingLog_NeverHoldsMoreTimestampsThanTheQuota()
    {
        var log = new SlidingLog(limit: 100, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 10_000; i++) log.TryAcquire(Start + i * TimeSpan.TicksPerMillisecond * 10);

        Assert.InRange(log.Remembered, 1, 100);
        Assert.InRange(log.Allocated, 1, 100);
    }

    [Fact]
    public void SlidingLog_ForALargeQuota_AllocatesOnlyWhatTheClientUses()
    {
        var log = new SlidingLog(limit: 100_000, TimeSpan.FromHours(1));

        for (var i = 0; i < 3; i++) Assert.True(log.TryAcquire(Start).Allowed);

        Assert.True(log.Allocated <= 16);
    }

    [Fact]
    public void SlidingLog_GrowingAWrappedRing_KeepsItsRequestsInOrder()
    {
        static long At(double seconds) => Start + (long)(seconds * TimeSpan.TicksPerSecond);
        var log = new SlidingLog(limit: 17, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 10; i++) log.TryAcquire(At(0));
        for (var i = 0; i < 6; i++) log.TryAcquire(At(5));
        // At 10 s the first ten leave; the next ten wrap around the start of the 16-slot ring,
        // and the 17th makes it grow.
        for (var i = 0; i < 11; i++) Assert.True(log.TryAcquire(At(10)).Allowed);

        var denied = log.TryAcquire(At(14.9));
        var admitted = log.TryAcquire(At(15));

        Assert.False(denied.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(0.1), denied.RetryAfter);   // the oldest are the six from 5 s
        Assert.True(admitted.Allowed);
        Assert.Equal(17 - 12, admitted.Remaining);
        Assert.Equal(17, log.Allocated);
    }

    [Fact]
    public void SlidingLog_IsIdle_OnlyOnceEveryRequestHasLeftTheWindow()
    {
        var log = new SlidingLog(limit: 3, TimeSpan.FromSeconds(60));
        log.TryAcquire(Start);
        log.TryAcquire(Start + TimeSpan.TicksPerSecond * 30);

        Assert.False(log.IsIdle(Start + TimeSpan.TicksPerSecond * 89));
        Assert.True(log.IsIdle(Start + TimeSpan.TicksPerSecond * 90));
    }

    [Fact]
    public void TokenBucket_IsIdle_OnlyOnceTheBucketIsFullAgain()
    {
        var bucket = new TokenBucket(limit: 3, TimeSpan.FromSeconds(60));
        bucket.TryAcquire(Start);
        bucket.TryAcquire(Start);

        Assert.False(bucket.IsIdle(Start + TimeSpan.TicksPerSecond * 39));
        Assert.True(bucket.IsIdle(Start + TimeSpan.TicksPerSecond * 40));
    }

    [Fact]
    public void TokenBucket_WithAQuotaThatDoesNotDivideTheWindow_StillAdmitsTheWholeBurst()
    {
        var bucket = new TokenBucket(limit: 7, TimeSpan.FromSeconds(60));

        var admitted = Enumerable.Range(0, 8).Count(_ => bucket.TryAcquire(Start).Allowed);

        Assert.Equal(7, admitted);
    }
}
