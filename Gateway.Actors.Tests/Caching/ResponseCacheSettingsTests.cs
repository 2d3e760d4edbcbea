using Akka.Configuration;
using Gateway.Actors.Caching;
using Gateway.Actors.Configuration;

namespace Gateway.Actors.Tests.Caching;

public sealed class ResponseCacheSettingsTests
{
    private static ResponseCache.Settings Read(string hocon) =>
        ResponseCache.Settings.Create(new ConfigReader(ConfigurationFactory.ParseString(hocon), "gateway.cache"));

    private static ConfigException Rejected(string hocon) =>
        Assert.Throws<ConfigException>(() => Read(hocon));

    [Fact]
    public void EmptyBlock_GivesTheDefaults()
    {
        var settings = Read("");

        Assert.True(settings.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Ttl);
        Assert.Equal(64L << 20, settings.MaxBytes);
        Assert.Equal(1L << 20, settings.MaxEntryBytes);
        Assert.False(settings.RespectOriginMaxAge);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.FillWait);
    }

    [Fact]
    public void EveryField_IsRead()
    {
        var settings = Read("""
            enabled = off, ttl = 5m, max-bytes = 8m, max-entry-bytes = 256k
            respect-origin-max-age = on, fill-wait = 2500ms
            """);

        Assert.Equal(
            ResponseCache.Settings.Default with
            {
                Enabled = false,
                Ttl = TimeSpan.FromMinutes(5),
                MaxBytes = 8L << 20,
                MaxEntryBytes = 256L << 10,
                RespectOriginMaxAge = true,
                FillWait = TimeSpan.FromMilliseconds(2500),
            },
            settings);
    }

    [Theory]
    [InlineData("ttl = 0s")]
    [InlineData("ttl = -5s")]
    [InlineData("ttl = soon")]
    public void TtlThatIsNotAPositiveDuration_IsRejected_NamingTheKey(string hocon)
    {
        Assert.Equal("gateway.cache.ttl", Rejected(hocon).Key);
    }

    [Fact]
    public void ZeroFillWait_IsRejected_NamingTheKey()
    {
        Assert.Equal("gateway.cache.fill-wait", Rejected("fill-wait = 0s").Key);
    }

    [Fact]
    public void EntryLimitAboveTheBudget_IsRejected_NamingTheEntryLimit()
    {
        var error = Rejected("max-bytes = 1m, max-entry-bytes = 2m");

        Assert.Equal("gateway.cache.max-entry-bytes", error.Key);
        Assert.Contains("max-bytes", error.Problem);
    }

    [Fact]
    public void SmallBudgetWithoutAnEntryLimit_CapsTheEntryLimitAtTheBudget()
    {
        var settings = Read("max-bytes = 512k");

        Assert.Equal(512L << 10, settings.MaxEntryBytes);
    }

    [Theory]
    [InlineData("max-bytes = lots", "gateway.cache.max-bytes")]
    [InlineData("max-bytes = 0", "gateway.cache.max-bytes")]
    [InlineData("max-entry-bytes = 0", "gateway.cache.max-entry-bytes")]
    [InlineData("respect-origin-max-age = maybe", "gateway.cache.respect-origin-max-age")]
    public void MalformedValue_IsRejected_NamingTheKey(string hocon, string key)
    {
        Assert.Equal(key, Rejected(hocon).Key);
    }

    [Fact]
    public void UnknownField_IsRejected_NamingIt()
    {
        var error = Rejected("tll = 30s");

        Assert.Equal("gateway.cache.tll", error.Key);
        Assert.Contains("ttl", error.Problem);
    }

    [Fact]
    public void RouteBlockLaidOverTheGlobalOne_TakesItsOwnKeysAndFallsBackForTheRest()
    {
        var global = new ConfigReader(ConfigurationFactory.ParseString("ttl = 30s, max-bytes = 8m"), "gateway.cache");
        var route = new ConfigReader(ConfigurationFactory.ParseString("ttl = 5s"), "gateway.routes.a.cache");

        var settings = ResponseCache.Settings.Create(route.Over(global));

        Assert.Equal(TimeSpan.FromSeconds(5), settings.Ttl);
        Assert.Equal(8L << 20, settings.MaxBytes);
    }
}
