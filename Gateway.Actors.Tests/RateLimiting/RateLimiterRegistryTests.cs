using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>The registry's own duties: stats and surviving a bad message.</summary>
public class RateLimiterRegistryTests : RateLimiterTestKit
{
    [Fact]
    public async Task Stats_CountOneLimiterPerPolicyAndClient()
    {
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-a");
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-a");
        await CheckAsync("10.0.0.1", ThreePerMinute, "service-b");
        await CheckAsync("10.0.0.2", ThreePerMinute, "service-a");

        Assert.Equal(3, await LiveLimitersAsync());
    }

    [Fact]
    public async Task IncompleteCheck_FailsItsOwnAsk_WithoutForgettingOtherClients()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", ThreePerMinute);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", "10.0.0.2", null!), AskTimeout));

        Assert.False((await CheckAsync("10.0.0.1", ThreePerMinute)).Allowed);
        Assert.Equal(1, await LiveLimitersAsync());
    }
}
