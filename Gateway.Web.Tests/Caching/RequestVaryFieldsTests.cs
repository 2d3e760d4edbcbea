using Gateway.Web.Caching;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Tests.Caching;

/// <summary>
/// The fields a variant is picked by (RFC 9111 §4.1): credentials are compared as digests, so a lookup that
/// crosses to another node never carries a cookie or a token, and still picks the same variant.
/// </summary>
public class RequestVaryFieldsTests
{
    private static HeaderDictionary Headers(params (string Name, string Value)[] fields)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in fields) headers.Append(name, value);
        return headers;
    }

    [Theory]
    [InlineData("Cookie", "session=s3cr3t-value")]
    [InlineData("Authorization", "Bearer s3cr3t-value")]
    [InlineData("proxy-authorization", "Basic s3cr3t-value")]
    public void Credentials_NeverLeaveInTheClear_InALookupOrOnTheBoard(string name, string secret)
    {
        var fields = new RequestVaryFields(Headers((name, secret), ("Accept-Language", "fr")));

        var snapshot = fields.Snapshot();

        Assert.DoesNotContain(snapshot.Fields, f => f.Values.Any(v => v.Contains("s3cr3t")));
        Assert.DoesNotContain("s3cr3t", fields.ValueOf(name));
        Assert.Equal(fields.ValueOf(name), snapshot.ValueOf(name));
        Assert.Equal("fr", snapshot.ValueOf("Accept-Language"));
    }

    [Fact]
    public void SameCredentials_PickTheSameVariant_OthersAnother_AfterNormalising()
    {
        var first = new RequestVaryFields(Headers(("Cookie", "a=1"), ("Cookie", "b=2")));
        var joined = new RequestVaryFields(Headers(("Cookie", "a=1, b=2")));
        var other = new RequestVaryFields(Headers(("Cookie", "a=1, b=3")));

        Assert.Equal(first.ValueOf("Cookie"), joined.ValueOf("Cookie"));
        Assert.NotEqual(first.ValueOf("Cookie"), other.ValueOf("Cookie"));
        Assert.Null(new RequestVaryFields(Headers()).ValueOf("Cookie"));
    }
}
