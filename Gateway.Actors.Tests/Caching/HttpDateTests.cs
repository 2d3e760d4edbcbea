using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>RFC 9110 §5.6.7: all three HTTP-date forms are read, exactly, and nothing else is.</summary>
public sealed class HttpDateTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Sunday1994 = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    private static DateTimeOffset? Parse(string text, DateTimeOffset? now = null) =>
        HttpDate.TryParse(text, now ?? Now, out var value) ? value : null;

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")] // IMF-fixdate
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")] // RFC 850
    [InlineData("Sun Nov  6 08:49:37 1994")] // asctime, day padded with a space
    [InlineData("Sun Nov 06 08:49:37 1994")] // asctime, day as 2DIGIT
    [InlineData("  Sun, 06 Nov 1994 08:49:37 GMT\t")] // surrounding whitespace is not part of the field value
    public void EachOfTheThreeForms_IsRead(string text) => Assert.Equal(Sunday1994, Parse(text));

    /// <summary>The day name is a day name; the grammar does not make it agree with the date.</summary>
    [Fact]
    public void DayNameIsNotCheckedAgainstTheDate() =>
        Assert.Equal(Sunday1994, Parse("Mon, 06 Nov 1994 08:49:37 GMT"));

    [Fact]
    public void LeapSecond_IsTheInstantAfterTheFiftyNinth() =>
        Assert.Equal(new DateTimeOffset(2016, 12, 31, 23, 59, 59, TimeSpan.Zero).AddSeconds(1), Parse("Sat, 31 Dec 2016 23:59:60 GMT"));

    /// <summary>RFC 850's two-digit year: more than 50 years ahead of now is the century before.</summary>
    [Theory]
    [InlineData("Thursday, 01-Jan-70 00:00:00 GMT", 2070)] // 45 years ahead: not past
    [InlineData("Tuesday, 01-Jan-30 00:00:00 GMT", 2030)]
    [InlineData("Monday, 01-Jun-75 11:59:59 GMT", 2075)] // 50 years ahead, not more
    [InlineData("Monday, 01-Jun-75 12:00:01 GMT", 1975)] // just over 50 years ahead
    [InlineData("Monday, 01-Jan-24 00:00:00 GMT", 2024)]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT", 1994)]
    public void Rfc850TwoDigitYear_FollowsTheFiftyYearRule(string text, int year) =>
        Assert.Equal(year, Parse(text)!.Value.Year);

    /// <summary>RFC 9111 §5.3: "0" and every other non-date must read as invalid (then "already expired").</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("Sun, 06 Nov 1994 08:49:37")] // no GMT
    [InlineData("Sun, 06 Nov 1994 08:49:37 UTC")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 +0000")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 gmt")] // GMT is case-sensitive
    [InlineData("sun, 06 Nov 1994 08:49:37 GMT")] // so are day and month names
    [InlineData("Sun, 06 nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 6 Nov 1994 08:49:37 GMT")] // IMF-fixdate's day is 2DIGIT
    [InlineData("Sun,  06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 94 08:49:37 GMT")]
    [InlineData("Sun, 31 Feb 1994 08:49:37 GMT")] // no such day
    [InlineData("Sun, 06 Nov 1994 24:00:00 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:60:00 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49:61 GMT")]
    [InlineData("Sun, 06 Nov 0000 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT")] // two values joined
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMTx")]
    [InlineData("Sunday, 06 Nov 1994 08:49:37 GMT")] // long day name with the IMF layout
    [InlineData("Sun, 06-Nov-94 08:49:37 GMT")] // short day name with the RFC 850 layout
    [InlineData("Sun Nov 6 08:49:37 1994")] // asctime's single-digit day needs its padding space
    [InlineData("Sun Nov  6 08:49:37 94")]
    [InlineData("1994-11-06T08:49:37Z")]
    [InlineData("Sun, 06 Nov 1994 8:49:37 GMT")]
    public void AnythingElse_IsInvalid(string text) => Assert.Null(Parse(text));

    [Fact]
    public void Null_IsInvalid() => Assert.False(HttpDate.TryParse(null, Now, out _));
}
