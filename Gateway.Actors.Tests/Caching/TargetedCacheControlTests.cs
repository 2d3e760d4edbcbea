using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>RFC 9213: CDN-Cache-Control read as the gateway's own Cache-Control.</summary>
public sealed class TargetedCacheControlTests
{
    private static CacheControlDirectives? Parse(params string?[] lines) => TargetedCacheControl.Parse(lines);

    [Fact]
    public void Directives_AreRead()
    {
        var directives = Parse("max-age=600, s-maxage=60, public, must-revalidate")!;

        Assert.Equal(TimeSpan.FromSeconds(600), directives.MaxAge.Value);
        Assert.Equal(TimeSpan.FromSeconds(60), directives.SharedMaxAge.Value);
        Assert.True(directives.Public);
        Assert.True(directives.MustRevalidate);
        Assert.False(directives.Malformed);
    }

    /// <summary>§2.1 and §2.2: an absent, empty or unparsable field is ignored, and Cache-Control decides instead.</summary>
    [Theory]
    [InlineData()]
    [InlineData("")]
    [InlineData("MAX-AGE=600")]
    [InlineData("max-age=600,")]
    [InlineData("max-age = 600")]
    [InlineData("no-store, foo=\"unterminated")]
    public void AbsentEmptyOrInvalidField_IsIgnored(params string[] lines) => Assert.Null(Parse(lines));

    /// <summary>"CDN-Cache-Control: none" (RFC 9213 §3.1): a valid field with nothing in it that restricts.</summary>
    [Fact]
    public void UnknownDirectiveOnly_IsAValidFieldThatAllowsStoring()
    {
        var directives = Parse("none")!;

        Assert.False(directives.NoStore);
        Assert.Null(directives.MaxAge.Value);
    }

    /// <summary>§2.2: a max-age that is not a non-negative Integer is not consumed as a lifetime; it makes the response stale.</summary>
    [Theory]
    [InlineData("max-age=\"60\"")]
    [InlineData("max-age=1.5")]
    [InlineData("max-age=-1")]
    [InlineData("max-age")]
    [InlineData("max-age=?1")]
    [InlineData("s-maxage=abc")]
    [InlineData("s-maxage=(60)")]
    public void WronglyTypedLifetime_IsInvalidFreshness(string field) => Assert.True(Parse(field)!.HasInvalidFreshness);

    /// <summary>RFC 8941 §4.2.2: a repeated key keeps its last value, so a repeated max-age is not invalid here.</summary>
    [Fact]
    public void RepeatedMaxAge_TakesTheLastValue() =>
        Assert.Equal(TimeSpan.FromSeconds(30), Parse("max-age=60", "max-age=30")!.MaxAge.Value);

    [Theory]
    [InlineData("max-age=2147483648")]
    [InlineData("max-age=999999999999999")]
    public void HugeLifetime_IsCappedAt2To31(string field) =>
        Assert.Equal(CacheControlDirectives.DeltaSecondsCap, Parse(field)!.MaxAge.Value);

    /// <summary>Directives that only restrict count with any value; those that widen sharing only as Boolean true.</summary>
    [Theory]
    [InlineData("no-store=?0")]
    [InlineData("no-store=1")]
    [InlineData("no-store;x=1")]
    public void NoStore_CountsWithAnyValue(string field) => Assert.True(Parse(field)!.NoStore);

    [Fact]
    public void PrivateAndNoCache_WithFieldNames_Count()
    {
        var directives = Parse("private=\"Set-Cookie\", no-cache=\"X-User\"")!;

        Assert.True(directives.Private);
        Assert.True(directives.NoCache);
    }

    [Theory]
    [InlineData("public=?0")]
    [InlineData("public=\"yes\"")]
    [InlineData("public=1")]
    public void Public_CountsOnlyAsBooleanTrue(string field) => Assert.False(Parse(field)!.Public);
}
