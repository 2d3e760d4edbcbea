using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

public class RateLimitHeadersTests
{
    private static RateLimiter.Decision Decision(
        bool allowed = true, int limit = 10, int remaining = 3, double resetSeconds = 42, double retrySeconds = 0,
        double windowSeconds = 60, string policy = "default") =>
        new(policy, "10.0.0.1", allowed, limit, remaining, TimeSpan.FromSeconds(resetSeconds),
            TimeSpan.FromSeconds(retrySeconds), TimeSpan.FromSeconds(windowSeconds));

    [Fact]
    public void Policy_IsTheStructuredQuotaAndWindow()
    {
        Assert.Equal("\"default\";q=10;w=60", RateLimitHeaders.Policy(Decision()));
    }

    [Fact]
    public void RateLimit_IsTheStructuredRemainingAndReset()
    {
        Assert.Equal("\"default\";r=3;t=42", RateLimitHeaders.RateLimit(Decision()));
    }

    [Fact]
    public void RateLimit_RoundsTheResetUp_SoAClientWaitingThatLongIsNeverEarly()
    {
        Assert.Equal("\"default\";r=0;t=42", RateLimitHeaders.RateLimit(Decision(remaining: 0, resetSeconds: 41.001)));
        Assert.Equal("\"default\";r=10;t=0", RateLimitHeaders.RateLimit(Decision(remaining: 10, resetSeconds: 0)));
    }

    [Fact]
    public void Policy_WithASubSecondWindow_SaysAtLeastOneSecond()
    {
        Assert.Equal("\"fast\";q=5;w=1", RateLimitHeaders.Policy("fast", 5, TimeSpan.FromMilliseconds(200)));
        Assert.Equal("\"slow\";q=5;w=2", RateLimitHeaders.Policy("slow", 5, TimeSpan.FromMilliseconds(1500)));
    }

    [Theory]
    [InlineData(35.0, "35")]
    [InlineData(34.2, "35")]
    [InlineData(0.0001, "1")]
    [InlineData(0, "1")]
    public void RetryAfter_IsWholeSecondsRoundedUp_AtLeastOne(double seconds, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.RetryAfter(Decision(allowed: false, remaining: 0, retrySeconds: seconds)));
    }

    [Fact]
    public void PolicyName_IsEscapedAsAStructuredString()
    {
        Assert.Equal("\"a\\\"b\\\\c_\";q=1;w=60", RateLimitHeaders.Policy("a\"b\\cé", 1, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void DisabledPolicy_HasNoHeaders()
    {
        var off = Decision(limit: 0, remaining: 0, resetSeconds: 0, windowSeconds: 0);

        Assert.False(off.Enforced);
        Assert.Throws<ArgumentException>(() => RateLimitHeaders.Policy(off));
        Assert.Throws<ArgumentException>(() => RateLimitHeaders.RateLimit(off));
    }
}
