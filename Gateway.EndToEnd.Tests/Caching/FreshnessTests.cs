using System.Globalization;
using static Gateway.EndToEnd.Tests.Caching.OriginQuery;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// RFC 9111 §4.2: how fresh a response is, read exactly, through the real gateway. <c>Age</c> (§5.1) and
/// how it adds up on hits (§4.2.3); <c>Expires</c> (§5.3) in every HTTP-date form (RFC 9110 §5.6.7),
/// counted from <c>Date</c> (§4.2.1); delta-seconds past 2^31 (§1.2.2).
/// </summary>
public sealed class FreshnessTests(CacheModesFixture system) : IClassFixture<CacheModesFixture>
{
    private const string OneHour = "cc=max-age%3D3600";

    private readonly StoreChecks _up = new(system);

    /// <summary>The route that honours lifetimes longer than its ttl, so an hour-long max-age stands.</summary>
    private readonly StoreChecks _long = new(system, "/long");

    private static string AgeLines(params string[] lines) => string.Join('&', lines.Select(Age));

    /// <summary>RFC 9111 §5.1: of a list-based Age, the first member counts; here it is 0, so the response is fresh.</summary>
    [Theory]
    [InlineData("age-list-0-old", new[] { "0, 7200" })]
    [InlineData("age-lines-0-old", new[] { "0", "7200" })]
    [InlineData("age-list-0-0", new[] { "0, 0" })]
    public async Task Rfc9111_5_1_ListAge_UsesTheFirstMember_Fresh(string name, string[] lines)
    {
        var (miss, hit) = await _long.TwiceAsync(name, Of(OneHour, AgeLines(lines)));

        _long.AssertStored(name, miss, hit);
        Assert.InRange(hit.AgeSeconds()!.Value, 0, 1);
    }

    /// <summary>RFC 9111 §5.1: the first member is 7200 s, past the hour the origin allows: stale on arrival, not stored.</summary>
    [Theory]
    [InlineData("age-list-old-0", new[] { "7200, 0" })]
    [InlineData("age-lines-old-0", new[] { "7200", "0" })]
    public Task Rfc9111_5_1_ListAge_UsesTheFirstMember_Stale(string name, string[] lines) =>
        _long.AssertNotStoredAsync(name, Of(OneHour, AgeLines(lines)), "stale-on-arrival");

    /// <summary>
    /// RFC 9111 §5.1: an Age whose (first) value is not delta-seconds is ignored: the response counts as
    /// just made, and its hits' Age starts from the gateway's own clock.
    /// </summary>
    [Theory]
    [InlineData("age-alpha", "abc")]
    [InlineData("age-negative", "-7200")]
    [InlineData("age-float", "7200.0")]
    [InlineData("age-parameter", "7200;foo=bar")]
    [InlineData("age-garbage-first", "abc, 7200")]
    public async Task Rfc9111_5_1_InvalidAge_IsIgnored(string name, string value)
    {
        var (miss, hit) = await _long.TwiceAsync(name, Of(OneHour, Age(value)));

        _long.AssertStored(name, miss, hit);
        Assert.InRange(hit.AgeSeconds()!.Value, 0, 1);
        Assert.InRange(hit.CacheStatusTtl()!.Value, 3599, 3600);
    }

    /// <summary>RFC 9111 §1.2.2 and §5.1: an Age of 2^31 - 1 or more (more is capped at 2^31, not refused or wrapped) is stale.</summary>
    [Theory]
    [InlineData("age-2p31-minus-1", "2147483647")]
    [InlineData("age-2p31", "2147483648")]
    [InlineData("age-2p31-plus-1", "2147483649")]
    [InlineData("age-huge", "99999999999999999999")]
    public Task Rfc9111_1_2_2_HugeAge_IsStale(string name, string value) =>
        _long.AssertNotStoredAsync(name, Of(OneHour, Age(value)), "stale-on-arrival");

    /// <summary>
    /// RFC 9111 §4.2.3 and RFC 9211 §2.5: a response that arrives 100 s old has 100 s less to live (the MISS's
    /// ttl), and on every hit its Age is that plus the time since, Age + ttl adding up to its lifetime.
    /// </summary>
    [Fact]
    public async Task Rfc9111_4_2_3_OriginAge_CountsOnTheMissAndOnEveryHit()
    {
        var url = system.Url($"/long/r/age-every-hit?{OneHour}&age=100");
        using var miss = await system.Client.GetAsync(url);
        Assert.Equal("Gateway; fwd=uri-miss; ttl=3500", miss.CacheStatus());

        for (var i = 0; i < 3; i++)
        {
            using var hit = await system.Client.GetAsync(url);
            Assert.Equal("HIT", hit.XCache());
            var age = hit.AgeSeconds()!.Value;
            Assert.InRange(age, 100, 101);
            // Both are floored from one instant: together they make the lifetime, or a second short of it.
            Assert.InRange(age + hit.CacheStatusTtl()!.Value, 3599, 3600);
        }
    }

    /// <summary>RFC 9111 §4.2.3: the time the upstream took counts towards the age (corrected_age_value).</summary>
    [Fact]
    public async Task Rfc9111_4_2_3_TimeTheUpstreamTook_CountsTowardsTheAge()
    {
        var url = system.Url($"/long/r/age-slow-origin?{OneHour}&age=100&ms=1200");
        using var miss = await system.Client.GetAsync(url);
        using var hit = await system.Client.GetAsync(url);

        Assert.Equal("HIT", hit.XCache());
        Assert.InRange(hit.AgeSeconds()!.Value, 101, 103);
    }

    private static string ImfFixdate(DateTimeOffset t) => t.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    private static string Rfc850(DateTimeOffset t) => t.UtcDateTime.ToString("dddd, dd'-'MMM'-'yy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private static string Asctime(DateTimeOffset t) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.UtcDateTime:ddd MMM} {t.UtcDateTime.Day,2} {t.UtcDateTime:HH:mm:ss yyyy}");

    /// <summary>A time in one of the three HTTP-date forms, by name.</summary>
    private static string Format(string form, DateTimeOffset t) => form switch
    {
        "imf-fixdate" => ImfFixdate(t),
        "rfc850" => Rfc850(t),
        _ => Asctime(t),
    };

    /// <summary>RFC 9110 §5.6.7: each of the three HTTP-date forms is read; an Expires 12 s ahead gives a 12 s lifetime.</summary>
    [Theory]
    [InlineData("imf-fixdate")]
    [InlineData("rfc850")]
    [InlineData("asctime")]
    public async Task Rfc9110_5_6_7_ExpiresInEachDateForm_GivesItsLifetime(string form)
    {
        var name = $"expires-ahead-{form}";
        var (miss, hit) = await _up.TwiceAsync(name, Expires(Format(form, DateTimeOffset.UtcNow.AddSeconds(12))));

        _up.AssertStored(name, miss, hit);
        // The origin's Date is its clock's whole second (Kestrel refreshes it once a second), so a second or two more.
        Assert.InRange(miss.CacheStatusTtl()!.Value, 10, 14);
    }

    [Theory]
    [InlineData("imf-fixdate")]
    [InlineData("rfc850")]
    [InlineData("asctime")]
    public Task Rfc9111_5_3_PastExpiresInEachDateForm_IsExpired(string form) =>
        _up.AssertNotStoredAsync($"expires-past-{form}", Expires(Format(form, DateTimeOffset.UtcNow.AddHours(-1))), "expired");

    /// <summary>RFC 9111 §5.3: an Expires that is not an HTTP-date ("0" above all) means already expired.</summary>
    [Theory]
    [InlineData("expires-0", "0")]
    [InlineData("expires-minus-1", "-1")]
    [InlineData("expires-word", "tomorrow")]
    [InlineData("expires-lowercase-gmt", "Sun, 06 Nov 2094 08:49:37 gmt")]
    [InlineData("expires-offset", "Sun, 06 Nov 2094 08:49:37 +0000")]
    [InlineData("expires-no-zone", "Sun, 06 Nov 2094 08:49:37")]
    [InlineData("expires-iso", "2094-11-06T08:49:37Z")]
    public Task Rfc9111_5_3_InvalidExpires_IsAlreadyExpired(string name, string value) =>
        _up.AssertNotStoredAsync(name, Expires(value), "expired");

    /// <summary>Expires is a singleton field: two lines, even both in the future, are not one valid date.</summary>
    [Fact]
    public Task Rfc9111_5_3_TwoExpiresLines_AreAlreadyExpired()
    {
        var ahead = ImfFixdate(DateTimeOffset.UtcNow.AddHours(1));
        return _up.AssertNotStoredAsync("expires-two-lines", Of(Expires(ahead), Expires(ahead)), "expired");
    }

    /// <summary>
    /// RFC 9111 §4.2.1: the lifetime is Expires minus the origin's Date, not minus the gateway's clock: an origin
    /// whose clock is an hour behind, saying "20 s from my now", gives 20 s. Date read in each form too.
    /// </summary>
    [Theory]
    [InlineData("imf-fixdate")]
    [InlineData("rfc850")]
    [InlineData("asctime")]
    public async Task Rfc9111_4_2_1_ExpiresCountsFromTheOriginsDate(string form)
    {
        var originNow = DateTimeOffset.UtcNow.AddHours(-1);
        var name = $"expires-from-date-{form}";
        await _up.AssertStoredAsync(name, Of(Field("Date", Format(form, originNow)), Expires(ImfFixdate(originNow.AddSeconds(20)))), missTtl: 20);
    }

    /// <summary>RFC 9111 §5.3: with max-age present, Expires is ignored, even an invalid one.</summary>
    [Fact]
    public Task Rfc9111_5_3_MaxAge_WinsOverAnInvalidExpires() =>
        _up.AssertStoredAsync("expires-under-max-age", Of("cc=max-age%3D20", Expires("0")), missTtl: 20);

    /// <summary>RFC 9111 §1.2.2: a max-age or s-maxage of 2^31 or more is capped at 2^31, not refused.</summary>
    [Theory]
    [InlineData("cap-max-age", "max-age=2147483648")]
    [InlineData("cap-max-age-long", "max-age=99999999999")]
    [InlineData("cap-s-maxage", "s-maxage=4294967296")]
    public Task Rfc9111_1_2_2_HugeLifetime_IsCappedAt2To31(string name, string cacheControl) =>
        _long.AssertStoredAsync(name, CacheControl(cacheControl), missTtl: 2147483648);
}
