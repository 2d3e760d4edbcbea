using Akka.Actor;
using Akka.Hosting;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

public sealed class LimiterFailureTests
{
    [Fact]
    public async Task DeadLimiter_Gives503_AndTheRequestIsNotForwarded()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _ = upstreamApp;
        await using var gateway = await StartForAsync(upstreamApp.Address, requests: 3);
        using var client = TestClients.Http();
        using (var admitted = await client.GetAsync(gateway.Url("/up/echo")))
            Assert.Equal(System.Net.HttpStatusCode.OK, admitted.StatusCode);

        var limiter = gateway.App.Services.GetRequiredService<ActorRegistry>().Get<RateLimiterActor>();
        Assert.True(await limiter.GracefulStop(TimeSpan.FromSeconds(10)));

        using var response = await client.GetAsync(gateway.Url("/up/echo"));

        await ProblemJson.AssertAsync(response, 503);
        Assert.False(HasHeader(response, "RateLimit"));
        Assert.Equal(1, upstream.Calls);
    }

    [Fact]
    public async Task DeadLimiter_DoesNotAffectARouteWithThePolicyOff()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _ = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address);
        using var client = TestClients.Http();

        var limiter = gateway.App.Services.GetRequiredService<ActorRegistry>().Get<RateLimiterActor>();
        Assert.True(await limiter.GracefulStop(TimeSpan.FromSeconds(10)));

        using var response = await client.GetAsync(gateway.Url("/up/echo"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, upstream.Calls);
    }
}
