using Gateway.Actors.Caching;

namespace Gateway.Actors.Tests.Caching;

/// <summary>RFC 8941 §3.2 and §4.2.2: Dictionary Structured Fields, the syntax of targeted cache fields.</summary>
public sealed class StructuredDictionaryTests
{
    private static IReadOnlyList<StructuredMember>? Parse(params string?[] lines) => StructuredDictionary.TryParse(lines);

    [Fact]
    public void Members_AreReadWithTheirTypes()
    {
        var members = Parse("max-age=60, no-store, private=\"Set-Cookie\", x=1.25, t=abc/d:e, b=:aGk=:, f=?0, l=(1 \"a\");p, n=-3");

        StructuredMember[] expected =
            [
                new("max-age", StructuredKind.Integer, "60"),
                new("no-store", StructuredKind.Boolean, "1"),
                new("private", StructuredKind.String, "Set-Cookie"),
                new("x", StructuredKind.Decimal, "1.25"),
                new("t", StructuredKind.Token, "abc/d:e"),
                new("b", StructuredKind.ByteSequence, null),
                new("f", StructuredKind.Boolean, "0"),
                new("l", StructuredKind.InnerList, null),
                new("n", StructuredKind.Integer, "-3"),
            ];
        Assert.Equal(expected, members!);
    }

    [Fact]
    public void Parameters_AreReadPastAndDropped()
    {
        StructuredMember[] expected = [new("max-age", StructuredKind.Integer, "60"), new("public", StructuredKind.Boolean, "1")];
        Assert.Equal(expected, Parse("max-age=60;a=1;b, public;c=\"x\"")!);
    }

    /// <summary>§4.2.2: a key given again overwrites its value (unlike Cache-Control, where a duplicate max-age is invalid).</summary>
    [Fact]
    public void DuplicateKey_KeepsTheLastValue()
    {
        StructuredMember[] expected = [new("max-age", StructuredKind.Integer, "30"), new("public", StructuredKind.Boolean, "1")];
        Assert.Equal(expected, Parse("max-age=60, public", "max-age=30")!);
    }

    [Theory]
    [InlineData("a=\"x\\\"y\\\\z\"", "x\"y\\z")]
    [InlineData("a=\"\"", "")]
    public void String_IsUnescaped(string field, string value) => Assert.Equal(value, Parse(field)![0].Value);

    [Fact]
    public void SeveralLines_AreOneList() => Assert.Equal(3, Parse("a", "b=1", "c")!.Count);

    [Theory]
    [InlineData()]
    [InlineData("")]
    [InlineData("", "")]
    public void NoValue_IsAnEmptyDictionary(params string[] lines) => Assert.Empty(Parse(lines)!);

    [Theory]
    [InlineData("  max-age=60  ")]
    [InlineData("max-age=60 ,\tpublic")]
    public void WhitespaceWhereTheGrammarAllowsIt_IsAccepted(string field) => Assert.NotNull(Parse(field));

    [Theory]
    [InlineData("Max-Age=60")] // keys are lowercase
    [InlineData("max-age = 60")] // no whitespace around "="
    [InlineData("max-age=60,")] // a trailing comma
    [InlineData(",max-age=60")]
    [InlineData("max-age=60,,public")]
    [InlineData("max-age=60 public")]
    [InlineData("max-age=1234567890123456")] // an Integer has at most 15 digits
    [InlineData("a=1234567890123.5")] // a Decimal at most 12 before its point
    [InlineData("a=1.2345")] // and at most 3 after it
    [InlineData("a=1.")]
    [InlineData("a=-")]
    [InlineData("a=\"unterminated")]
    [InlineData("a=\"bad \\n escape\"")]
    [InlineData("a=\"tab\there\"")]
    [InlineData("a=:not base64!:")]
    [InlineData("a=:open")]
    [InlineData("a=?2")]
    [InlineData("a=(1 2")]
    [InlineData("a=(1,2)")]
    [InlineData("a=@1659578233")] // a Date is RFC 9651's, not RFC 8941's
    [InlineData("a=%\"x\"")]
    [InlineData("1a")]
    [InlineData("a;B=1")]
    [InlineData("\tmax-age=60")] // only SP may lead
    public void AnythingOutsideTheGrammar_FailsTheWholeField(string field) => Assert.Null(Parse(field));
}
