using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// The share of a quota one node may admit on its own while a client's limiter is out of reach, and the
/// node's fallback limiters that count it: rounded down, at least one, never more than the quota summed
/// over the serving nodes.
/// </summary>
public class FallbackLimiterTests : RateLimiterTestKit
{
    private static readonly RateLimiter.Settings TenPerMinute = ThreePerMinute with { Requests = 10 };

    [Theory]
    [InlineData(10, 1, 10)]
    [InlineData(10, 2, 5)]
    [InlineData(10, 3, 3)]
    [InlineData(2, 3, 1)]
    public void TheShare_IsTheQuotaOverTheServingNodes_RoundedDown_AtLeastOne(int quota, int servingNodes, int share)
    {
        var owners = new LimiterOwners(servingNodes, hasPeers: true, outOfReach: null);

        Assert.Equal(share, owners.FallbackShare(quota));
        Assert.Equal(TenPerMinute with { Requests = share, Leases = false }, owners.FallbackPolicy(TenPerMinute with { Requests = quota }));
    }

    [Fact]
    public void WhileEveryLimiterIsWithinReach_NoCheckIsOutOfReach()
    {
        var owners = new LimiterOwnerBoard().Current;

        Assert.False(owners.IsOutOfReach(new RateLimiter.Check("default", "ip:10.0.0.1", TenPerMinute)));
        Assert.False(owners.HasPeers);
        Assert.Equal(1, owners.ServingNodes);
    }

    [Fact]
    public async Task FallbackLimiters_AdmitTheShare_DenyBeyondIt_AndAdmitAgainAWindowLater()
    {
        var fallback = Sys.ActorOf(RateLimiter.FallbackProps(), "rate-limit-fallback");
        var policy = new LimiterOwners(2, hasPeers: true, outOfReach: null).FallbackPolicy(TenPerMinute);
        Task<RateLimiter.Decision> Check() => fallback.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", "ip:10.0.0.1", policy), AskTimeout);

        for (var i = 0; i < 5; i++) Assert.True((await Check()).Allowed);
        var denied = await Check();

        Assert.False(denied.Allowed);
        Assert.Equal(5, denied.Limit);
        Assert.Equal(TimeSpan.FromSeconds(60), denied.RetryAfter);

        Clock.Advance(TenPerMinute.Window);
        Assert.True((await Check()).Allowed);
    }
}
