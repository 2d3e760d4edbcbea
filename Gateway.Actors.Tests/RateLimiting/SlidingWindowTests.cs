using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>The default policy, through the registry, on virtual time: N in ANY window of length W.</summary>
public class SlidingWindowTests : RateLimiterTestKit
{
    [Fact]
    public async Task RequestsUpToTheQuota_AreAdmitted_WithRemainingCountingDown()
    {
        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 3; i++) decisions.Add(await CheckAsync("10.0.0.1", ThreePerMinute));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal([2, 1, 0], decisions.Select(d => d.Remaining));
        Assert.All(decisions, d => Assert.Equal(3, d.Limit));
        Assert.All(decisions, d => Assert.Equal(TimeSpan.FromSeconds(60), d.Window));
        Assert.All(decisions, d => Assert.Equal("default", d.PolicyId));
        Assert.All(decisions, d => Assert.Equal("10.0.0.1", d.ClientKey));
    }

    [Fact]
    public async Task FourthRequestInWindow_IsDenied_WithRetryAfterUntilTheOldestLeaves()
    {
        await CheckAsync("10.0.0.1", ThreePerMinute);            // t = 0
        Clock.Advance(TimeSpan.FromSeconds(10));
        await CheckAsync("10.0.0.1", ThreePerMinute);            // t = 10
        Clock.Advance(TimeSpan.FromSeconds(10));
        await CheckAsync("10.0.0.1", ThreePerMinute);            // t = 20
        Clock.Advance(TimeSpan.FromSeconds(5));

        var denied = await CheckAsync("10.0.0.1", ThreePerMinute); // t = 25

        Assert.False(denied.Allowed);
        Assert.Equal(0, denied.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(35), denied.RetryAfter);  // the t = 0 request leaves at 60
        Assert.Equal(TimeSpan.FromSeconds(55), denied.ResetAfter);  // the t = 20 request leaves at 80
    }

    [Fact]
    public async Task LastAdmittedRequest_ReportsWhenTheNextWouldBeAdmitted()
    {
        await CheckAsync("10.0.0.1", ThreePerMinute);
        Clock.Advance(TimeSpan.FromSeconds(15));
        await CheckAsync("10.0.0.1", ThreePerMinute);
        var third = await CheckAsync("10.0.0.1", ThreePerMinute);

        Assert.True(third.Allowed);
        Assert.Equal(0, third.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(45), third.RetryAfter);   // the t = 0 request leaves at 60
        Assert.Equal(TimeSpan.FromSeconds(60), third.ResetAfter);   // this one leaves at 75
    }

    [Fact]
    public async Task RequestIsAdmittedAgain_ExactlyWhenTheOldestLeavesTheWindow()
    {
        var (justBefore, atTheEdge) = await ExhaustThenCheckAroundAsync("10.0.0.1", ThreePerMinute, TimeSpan.FromSeconds(60));

        Assert.False(justBefore.Allowed);
        Assert.Equal(TimeSpan.FromTicks(1), justBefore.RetryAfter);
        Assert.True(atTheEdge.Allowed);
        Assert.Equal(2, atTheEdge.Remaining);
    }

    [Fact]
    public async Task BurstAtTheEndOfOneWindowAndTheStartOfTheNext_IsStillLimited()
    {
        // A fixed window starting at 0 would reset at 60 and admit three more at once.
        Clock.Advance(TimeSpan.FromSeconds(58));
        for (var i = 0; i < 3; i++) Assert.True((await CheckAsync("10.0.0.1", ThreePerMinute)).Allowed);

        Clock.Advance(TimeSpan.FromSeconds(4));                   // t = 62
        var afterEdge = await CheckAsync("10.0.0.1", ThreePerMinute);

        Assert.False(afterEdge.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(56), afterEdge.RetryAfter);
    }

    [Fact]
    public async Task DeniedRequests_DoNotUseUpQuota()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", ThreePerMinute);
        for (var i = 0; i < 10; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(5));
            Assert.False((await CheckAsync("10.0.0.1", ThreePerMinute)).Allowed);
        }

        Clock.Advance(TimeSpan.FromSeconds(10));                  // t = 60: only the first three counted
        var afterWindow = await CheckAsync("10.0.0.1", ThreePerMinute);

        Assert.True(afterWindow.Allowed);
        Assert.Equal(2, afterWindow.Remaining);
    }

    [Fact]
    public async Task DifferentClients_HaveIndependentQuotas()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", ThreePerMinute);

        var other = await CheckAsync("10.0.0.2", ThreePerMinute);
        var ipv6 = await CheckAsync("2001:db8::1", ThreePerMinute);
        var exhausted = await CheckAsync("10.0.0.1", ThreePerMinute);

        Assert.True(other.Allowed);
        Assert.Equal(2, other.Remaining);
        Assert.True(ipv6.Allowed);
        Assert.False(exhausted.Allowed);
        Assert.Equal(3, await LiveLimitersAsync());
    }

    [Fact]
    public async Task SameClientUnderDifferentPolicies_HasIndependentQuotas()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", ThreePerMinute, "service-a");

        var otherRoute = await CheckAsync("10.0.0.1", ThreePerMinute, "service-b");

        Assert.True(otherRoute.Allowed);
        Assert.Equal("service-b", otherRoute.PolicyId);
        Assert.False((await CheckAsync("10.0.0.1", ThreePerMinute, "service-a")).Allowed);
    }

    [Fact]
    public async Task DisabledPolicy_AdmitsEverything_WithoutALimiter()
    {
        var off = ThreePerMinute with { Enabled = false };

        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 10; i++) decisions.Add(await CheckAsync("10.0.0.1", off));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.All(decisions, d => Assert.False(d.Enforced));
        // A limiter started for such a check has nothing to remember and goes at once.
        await AwaitAssertAsync(async () => Assert.Equal(0, await LiveLimitersAsync()), AskTimeout);
    }

    [Fact]
    public async Task ChangedPolicy_KeepsTheRequestsThatStillCount()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", ThreePerMinute);

        var reloaded = ThreePerMinute with { Requests = 5 };
        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 3; i++) decisions.Add(await CheckAsync("10.0.0.1", reloaded));

        Assert.Equal([true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([1, 0, 0], decisions.Select(d => d.Remaining));
        Assert.All(decisions, d => Assert.Equal(5, d.Limit));
    }
}
