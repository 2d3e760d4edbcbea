using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>The token-bucket (GCRA) policy, through the registry, on virtual time.</summary>
public class TokenBucketTests : RateLimiterTestKit
{
    // 3 per 60 s: a burst of 3, then one token back every 20 s.
    private static readonly RateLimiter.Settings Bucket = ThreePerMinute with { Algorithm = RateLimitAlgorithm.TokenBucket };

    [Fact]
    public async Task FullBucket_AdmitsTheWholeQuotaAtOnce_ThenDenies()
    {
        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 4; i++) decisions.Add(await CheckAsync("10.0.0.1", Bucket));

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0], decisions.Select(d => d.Remaining));
        Assert.Equal(TimeSpan.FromSeconds(20), decisions[3].RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), decisions[3].ResetAfter);
    }

    [Fact]
    public async Task EmptyBucket_RefillsOneTokenPerInterval()
    {
        var (early, refilled) = await ExhaustThenCheckAroundAsync("10.0.0.1", Bucket, TimeSpan.FromSeconds(20));
        var next = await CheckAsync("10.0.0.1", Bucket);

        Assert.False(early.Allowed);
        Assert.True(refilled.Allowed);
        Assert.Equal(0, refilled.Remaining);
        Assert.False(next.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(20), next.RetryAfter);
    }

    [Fact]
    public async Task IdleClient_GetsItsWholeBurstBack_AfterOneWindow()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", Bucket);

        Clock.Advance(TimeSpan.FromSeconds(40));
        var partly = await CheckAsync("10.0.0.1", Bucket);       // two tokens back, one spent
        Clock.Advance(TimeSpan.FromSeconds(60));
        var full = await CheckAsync("10.0.0.1", Bucket);

        Assert.True(partly.Allowed);
        Assert.Equal(1, partly.Remaining);
        Assert.True(full.Allowed);
        Assert.Equal(2, full.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(20), full.ResetAfter);
    }

    [Fact]
    public async Task Bucket_IsLooserThanTheLog_AcrossOneWindow()
    {
        // The documented difference: within one window the bucket admits its burst plus what refills.
        var admittedInWindow = 0;
        for (var second = 0; second < 60; second += 10)
        {
            for (var i = 0; i < 3; i++)
                if ((await CheckAsync("10.0.0.1", Bucket)).Allowed) admittedInWindow++;
            Clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(5, admittedInWindow); // 3 at t = 0, then at 20 and 40: 2N - 1
    }
}
