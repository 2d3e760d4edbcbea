using Akka.Actor;
using Akka.Hosting;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

public sealed class LimiterFailureTests
{
    [Fact]
    public async Task DeadLimiter_Gives503_AndTheRequestIsNotForwarded()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync(Policy(requests: 3));
        using (var admitted = await system.GetAsync("/up/echo"))
            Assert.Equal(System.Net.HttpStatusCode.OK, admitted.StatusCode);

        Assert.True(await StopLimiterAsync(system));

        using var response = await system.GetAsync("/up/echo");

        await ProblemJson.AssertAsync(response, 503);
        Assert.False(HasHeader(response, "RateLimit"));
        Assert.Equal(1, system.Upstream.Calls);
    }

    [Fact]
    public async Task DeadLimiter_DoesNotAffectARouteWithThePolicyOff()
    {
        await using var system = await GatewayWithTestUpstream.StartAsync();

        Assert.True(await StopLimiterAsync(system));

        using var response = await system.GetAsync("/up/echo");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, system.Upstream.Calls);
    }

    /// <summary>Stops the gateway's rate-limiter actor; true once it has stopped.</summary>
    private static Task<bool> StopLimiterAsync(GatewayWithUpstream system) =>
        system.Gateway.App.Services.GetRequiredService<ActorRegistry>().Get<RateLimiterRegion>().GracefulStop(TimeSpan.FromSeconds(10));
}
