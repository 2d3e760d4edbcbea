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
        Assert.True(settings.CdnCacheControl);
        Assert.Equal(CacheFreshness.Ttl, settings.Freshness);
        Assert.Equal(8, settings.MaxVariants);
    }

    [Fact]
    public void EveryField_IsRead()
    {
        var settings = Read("""
            enabled = off, ttl = 5m, max-bytes = 8m, max-entry-bytes = 256k
            respect-origin-max-age = on, fill-wait = 2500ms
            cdn-cache-control = off, freshness = origin-exact
            keep-stale = 0s, max-stale-while-revalidate = 10s, max-stale-if-error = 1h
            max-variants = 3
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
                CdnCacheControl = false,
                Freshness = CacheFreshness.OriginExact,
                KeepStale = TimeSpan.Zero,
                MaxStaleWhileRevalidate = TimeSpan.FromSeconds(10),
                MaxStaleIfError = TimeSpan.FromHours(1),
                MaxVariants = 3,
            },
            settings);
    }

    [Theory]
    [InlineData("ttl = 0s", "gateway.cache.ttl")]
    [InlineData("ttl = -5s", "gateway.cache.ttl")]
    [InlineData("ttl = soon", "gateway.cache.ttl")]
    [InlineData("fill-wait = 0s", "gateway.cache.fill-wait")]
    [InlineData("max-bytes = lots", "gateway.cache.max-bytes")]
    [InlineData("max-bytes = 0", "gateway.cache.max-bytes")]
    [InlineData("max-entry-bytes = 0", "gateway.cache.max-entry-bytes")]
    [InlineData("respect-origin-max-age = maybe", "gateway.cache.respect-origin-max-age")]
    [InlineData("cdn-cache-control = maybe", "gateway.cache.cdn-cache-control")]
    [InlineData("freshness = exact", "gateway.cache.freshness")]
    [InlineData("freshness = Origin-Exact", "gateway.cache.freshness")]
    [InlineData("freshness = \"\"", "gateway.cache.freshness")]
    [InlineData("keep-stale = -1s", "gateway.cache.keep-stale")]
    [InlineData("keep-stale = forever", "gateway.cache.keep-stale")]
    [InlineData("max-stale-while-revalidate = 1 minute please", "gateway.cache.max-stale-while-revalidate")]
    [InlineData("max-stale-if-error = -5m", "gateway.cache.max-stale-if-error")]
    [InlineData("max-variants = 0", "gateway.cache.max-variants")]
    [InlineData("max-variants = 1025", "gateway.cache.max-variants")]
    [InlineData("max-variants = many", "gateway.cache.max-variants")]
    [InlineData("max-variants = 2.5", "gateway.cache.max-variants")]
    public void MalformedValue_IsRejected_NamingTheKey(string hocon, string key)
    {
        Assert.Equal(key, Rejected(hocon).Key);
    }

    [Theory]
    [InlineData("max-bytes = 1m, max-entry-bytes = 2m", "gateway.cache.max-entry-bytes", "max-bytes")] // an entry limit above the budget
    [InlineData("tll = 30s", "gateway.cache.tll", "ttl")] // an unknown field, and the one meant
    public void Rejection_NamesTheKey_AndTheOneItIsAbout(string hocon, string key, string mentioned)
    {
        var error = Rejected(hocon);

        Assert.Equal(key, error.Key);
        Assert.Contains(mentioned, error.Problem);
    }

    [Fact]
    public void SmallBudgetWithoutAnEntryLimit_CapsTheEntryLimitAtTheBudget()
    {
        var settings = Read("max-bytes = 512k");

        Assert.Equal(512L << 10, settings.MaxEntryBytes);
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
