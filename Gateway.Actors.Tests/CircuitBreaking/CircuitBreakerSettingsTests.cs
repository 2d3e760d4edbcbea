using Akka.Configuration;
using Gateway.Actors.Configuration;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class CircuitBreakerSettingsTests
{
    private static Settings Read(string block, Settings? fallback = null) =>
        Settings.Create(new ConfigReader(ConfigurationFactory.ParseString(block), "gateway").Section("circuit-breaker"), fallback);

    private static ConfigException Rejects(string block) =>
        Assert.Throws<ConfigException>(() => Read(block));

    [Fact]
    public void MissingBlock_GivesDefaults()
    {
        var settings = Read("other { }");

        Assert.Equal(Settings.Default, settings);
        Assert.Equal(5, settings.MaxFailures);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ResetTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.MaxResetTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.CallTimeout);
        Assert.Equal(0.1, settings.ResetJitter);
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var settings = Read("""
            circuit-breaker {
              max-failures = 3, reset-timeout = 2s, max-reset-timeout = 1m, call-timeout = 750ms, reset-jitter = 0.25
            }
            """);

        Assert.Equal(new Settings(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(750), 0.25), settings);
    }

    [Fact]
    public void GatewayDefaultsBlock_IsAccepted()
    {
        var settings = Read("circuit-breaker { max-failures = 5, reset-timeout = 10s, call-timeout = 30s }");

        Assert.Equal(Settings.Default, settings);
    }

    [Fact]
    public void RouteBlock_OverridesGlobalKeyByKey()
    {
        var global = Settings.Default with { MaxFailures = 8, CallTimeout = TimeSpan.FromSeconds(3) };

        var route = Read("circuit-breaker { max-failures = 2 }", global);

        Assert.Equal(global with { MaxFailures = 2 }, route);
    }

    [Fact]
    public void LongResetTimeoutWithoutMax_RaisesMaxToIt()
    {
        var settings = Read("circuit-breaker { reset-timeout = 10m }");

        Assert.Equal(TimeSpan.FromMinutes(10), settings.MaxResetTimeout);
    }

    [Fact]
    public void JitterZero_IsAllowed()
    {
        Assert.Equal(0, Read("circuit-breaker { reset-jitter = 0 }").ResetJitter);
    }

    [Theory]
    [InlineData("max-failures = 0", "max-failures")]
    [InlineData("max-failures = many", "max-failures")]
    [InlineData("reset-timeout = 0s", "reset-timeout")]
    [InlineData("reset-timeout = -1s", "reset-timeout")]
    [InlineData("call-timeout = 0s", "call-timeout")]
    [InlineData("call-timeout = soon", "call-timeout")]
    [InlineData("max-reset-timeout = 0s", "max-reset-timeout")]
    [InlineData("reset-jitter = lots", "reset-jitter")]
    [InlineData("reset-jitter = 1.5", "reset-jitter")]
    [InlineData("reset-jitter = -0.1", "reset-jitter")]
    [InlineData("reset-jitter = NaN", "reset-jitter")]
    [InlineData("max-failure = 3", "max-failure")] // an unknown field
    public void InvalidValueOrUnknownField_IsRejectedNamingTheKey(string entry, string key)
    {
        var error = Rejects($"circuit-breaker {{ {entry} }}");

        Assert.Equal($"gateway.circuit-breaker.{key}", error.Key);
    }

    [Fact]
    public void MaxResetTimeoutBelowResetTimeout_IsRejectedNamingMax()
    {
        var error = Rejects("circuit-breaker { reset-timeout = 1m, max-reset-timeout = 30s }");

        Assert.Equal("gateway.circuit-breaker.max-reset-timeout", error.Key);
        Assert.Contains("reset-timeout", error.Problem);
    }

    [Fact]
    public void NonNumericJitter_ExplainsWhatIsExpected()
    {
        var error = Rejects("circuit-breaker { reset-jitter = lots }");

        Assert.Equal("gateway.circuit-breaker.reset-jitter: 'lots' is not a number (e.g. 0.1)", error.Message);
    }
}
