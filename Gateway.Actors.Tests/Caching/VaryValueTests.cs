using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>RFC 9111 §4.1: how a request's fields are normalised and matched against a stored variant.</summary>
public sealed class VaryValueTests
{
    [Theory]
    [InlineData(new[] { "gzip, br" }, "gzip, br")]
    [InlineData(new[] { "gzip", "br" }, "gzip, br")]                 // two lines are one list
    [InlineData(new[] { "gzip ,br" }, "gzip, br")]                   // whitespace around commas
    [InlineData(new[] { " gzip,\t br " }, "gzip, br")]
    [InlineData(new[] { "gzip,, br," }, "gzip, br")]                 // empty members are ignored (RFC 9110 §5.6.1)
    [InlineData(new[] { "a=\"x , y\", b" }, "a=\"x , y\", b")]       // a quoted string is kept as it is
    [InlineData(new[] { "a=\"x \\\" ,y\" ,b" }, "a=\"x \\\" ,y\", b")]
    [InlineData(new[] { "" }, "")]                                   // present and empty: not absent
    [InlineData(new[] { "  " }, "")]
    [InlineData(new[] { "", "" }, "")]
    public void Normalize_JoinsLinesAndTrimsMembers(string[] lines, string expected) =>
        Assert.Equal(expected, VaryValue.Normalize(lines));

    [Fact]
    public void Normalize_OfNoLines_IsAbsent() => Assert.Null(VaryValue.Normalize(Array.Empty<string>()));

    [Fact]
    public void Normalize_KeepsALineAlreadyInShape_WithoutCopying()
    {
        var line = string.Concat("gzip", ", br");

        Assert.Same(line, VaryValue.Normalize(new[] { line }));
    }

    [Fact]
    public void Matches_EveryVariedField_ByNameInAnyCase_AbsentIsNotEmpty()
    {
        var identity = VaryValue.IdentityOf(["accept-language", "X-Tenant"], Fields(("Accept-Language", "de")));

        Assert.True(VaryValue.Matches(identity, Fields(("ACCEPT-LANGUAGE", "de"), ("Other", "1"))));
        Assert.False(VaryValue.Matches(identity, Fields(("Accept-Language", "en"))));
        Assert.False(VaryValue.Matches(identity, Fields(("Accept-Language", "de"), ("X-Tenant", ""))));
        Assert.False(VaryValue.Matches(identity, Fields(("Accept-Language", "de"), ("X-Tenant", "7"))));
        Assert.False(VaryValue.Matches(identity, RequestFields.None));
    }

    [Fact]
    public void AStoredResponsesVary_IsKeptNormalised()
    {
        var stored = new CachedResponse(200, [], [], DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1),
            [new CachedHeader("Accept-Encoding", "gzip", " br"), new CachedHeader("X-Absent")]);

        Assert.True(VaryValue.Matches(stored.Vary, Fields(("accept-encoding", "gzip, br"))));
        Assert.False(VaryValue.Matches(stored.Vary, Fields(("accept-encoding", "gzip, br"), ("X-Absent", ""))));
    }

    [Fact]
    public void SameIdentity_IsTheSameFieldsAndValues_InAnyOrder()
    {
        var one = VaryValue.IdentityOf(["A", "B"], Fields(("A", "1")));

        Assert.True(VaryValue.SameIdentity(one, VaryValue.IdentityOf(["b", "a"], Fields(("a", "1")))));
        Assert.False(VaryValue.SameIdentity(one, VaryValue.IdentityOf(["A", "B"], Fields(("A", "1"), ("B", "")))));
        Assert.False(VaryValue.SameIdentity(one, VaryValue.IdentityOf(["A"], Fields(("A", "1")))));
    }

    private static RequestFields Fields(params (string Name, string Value)[] fields) =>
        new([.. fields.Select(f => new CachedHeader(f.Name, f.Value))]);
}
