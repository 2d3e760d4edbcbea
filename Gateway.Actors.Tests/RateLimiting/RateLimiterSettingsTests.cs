using Akka.Configuration;
using Gateway.Actors.Configuration;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

public class RateLimiterSettingsTests
{
    private const string Path = "gateway.rate-limit";

    private static RateLimiter.Settings Read(string hocon) =>
        RateLimiter.Settings.Create(new ConfigReader(ConfigurationFactory.ParseString(hocon), Path));

    private static ConfigException Rejected(string hocon) =>
        Assert.Throws<ConfigException>(() => Read(hocon));

    [Fact]
    public void EmptyBlock_GivesTheSeedPolicy_TenPerMinutePerClientIp()
    {
        var settings = Read("");

        Assert.True(settings.Enabled);
        Assert.Equal(10, settings.Requests);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Window);
        Assert.Equal(RateLimitAlgorithm.SlidingLog, settings.Algorithm);
        Assert.Equal(ClientKeySource.ClientIp, settings.Key);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.IdleTimeout);
        Assert.Equal(RateLimiter.Settings.Default, settings);
    }

    [Fact]
    public void EveryField_IsRead()
    {
        var settings = Read("""
            enabled = off, requests = 100, window = 10m, algorithm = gcra, key = api-key, idle-timeout = 15m, leases = off
            """);

        Assert.Equal(new RateLimiter.Settings(false, 100, TimeSpan.FromMinutes(10), RateLimitAlgorithm.TokenBucket,
            ClientKeySource.ApiKey, TimeSpan.FromMinutes(15)) { Leases = false }, settings);
    }

    [Theory]
    [InlineData("sliding-log", RateLimitAlgorithm.SlidingLog)]
    [InlineData("token-bucket", RateLimitAlgorithm.TokenBucket)]
    [InlineData("gcra", RateLimitAlgorithm.TokenBucket)]
    public void Algorithm_AcceptsItsNames(string name, RateLimitAlgorithm expected) =>
        Assert.Equal(expected, Read($"algorithm = {name}").Algorithm);

    [Fact]
    public void IdleTimeout_DefaultsToTheWindow_ButAtLeastThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Read("window = 5m").IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), Read("window = 1s").IdleTimeout);
    }

    [Fact]
    public void RouteBlock_LaidOverTheGlobalOne_OverridesOnlyItsKeys()
    {
        var global = new ConfigReader(ConfigurationFactory.ParseString("requests = 3, window = 10s"), Path);
        var route = new ConfigReader(ConfigurationFactory.ParseString("enabled = off"), "gateway.routes.service-a.rate-limit");

        var settings = RateLimiter.Settings.Create(route.Over(global));

        Assert.False(settings.Enabled);
        Assert.Equal(3, settings.Requests);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Window);
    }

    [Theory]
    [InlineData("requests = 0", "gateway.rate-limit.requests")]
    [InlineData("requests = -5", "gateway.rate-limit.requests")]
    [InlineData("requests = many", "gateway.rate-limit.requests")]
    [InlineData("window = 0s", "gateway.rate-limit.window")]
    [InlineData("window = -1s", "gateway.rate-limit.window")]
    [InlineData("window = soon", "gateway.rate-limit.window")]
    [InlineData("window = 30d", "gateway.rate-limit.window")]
    [InlineData("enabled = maybe", "gateway.rate-limit.enabled")]
    [InlineData("algorithm = fixed-window", "gateway.rate-limit.algorithm")]
    [InlineData("key = cookie", "gateway.rate-limit.key")]
    [InlineData("idle-timeout = 0s", "gateway.rate-limit.idle-timeout")]
    [InlineData("window = 60s, idle-timeout = 59s", "gateway.rate-limit.idle-timeout")]
    [InlineData("algorithm = token-bucket, requests = 2000000, window = 100ms", "gateway.rate-limit.requests")]
    [InlineData("request = 10", "gateway.rate-limit.request")]
    public void InvalidValue_IsRejected_NamingItsKey(string hocon, string key)
    {
        var error = Rejected(hocon);

        Assert.Equal(key, error.Key);
        Assert.StartsWith(key + ": ", error.Message);
    }

    [Fact]
    public void UnknownField_IsRejected_ListingTheKnownOnes()
    {
        var error = Rejected("burst = 5");

        Assert.Equal("gateway.rate-limit.burst", error.Key);
        Assert.Contains("requests", error.Problem);
        Assert.Contains("idle-timeout", error.Problem);
    }

    [Fact]
    public void IdleTimeoutShorterThanTheWindow_IsRejected_SayingWhy()
    {
        var error = Rejected("window = 60s, idle-timeout = 10s");

        Assert.Contains("at least the window (60s)", error.Problem);
    }
}
