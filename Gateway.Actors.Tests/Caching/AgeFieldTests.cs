using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>RFC 9111 §5.1: the Age field, a singleton that may arrive as a list or as garbage.</summary>
public sealed class AgeFieldTests
{
    private static long Seconds(params string?[] lines) => (long)AgeField.Parse(lines).TotalSeconds;

    [Fact]
    public void Absent_IsZero() => Assert.Equal(0, Seconds());

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    [InlineData(" 15 ", 15)]
    public void DeltaSeconds_IsRead(string value, long seconds) => Assert.Equal(seconds, Seconds(value));

    /// <summary>A list-based value: the first member counts, the others are discarded.</summary>
    [Theory]
    [InlineData(new[] { "7200, 0" }, 7200)]
    [InlineData(new[] { "0, 7200" }, 0)]
    [InlineData(new[] { "7200", "0" }, 7200)] // two lines: the first line's value
    [InlineData(new[] { "0", "7200" }, 0)]
    [InlineData(new[] { ", 30" }, 30)] // an empty member is not a member (RFC 9110 §5.6.1)
    [InlineData(new[] { "", "45" }, 45)]
    public void ListValue_UsesTheFirstMember(string[] lines, long seconds) => Assert.Equal(seconds, Seconds(lines));

    /// <summary>A first member that is not delta-seconds: the cache ignores the field (an age of zero from the origin).</summary>
    [Theory]
    [InlineData("abc")]
    [InlineData("-7200")]
    [InlineData("7200.0")]
    [InlineData("7200;foo=bar")]
    [InlineData("\"60\"")]
    [InlineData("abc, 7200")]
    public void InvalidFirstMember_IsIgnored(string value) => Assert.Equal(0, Seconds(value));

    /// <summary>RFC 9111 §1.2.2: 2^31 or more is taken as 2^31.</summary>
    [Theory]
    [InlineData("2147483647", 2147483647L)]
    [InlineData("2147483648", 2147483648L)]
    [InlineData("2147483649", 2147483648L)]
    [InlineData("99999999999999999999999", 2147483648L)]
    public void HugeAge_IsCappedAt2To31(string value, long seconds) => Assert.Equal(seconds, Seconds(value));
}
