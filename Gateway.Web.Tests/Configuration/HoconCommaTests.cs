using Gateway.Actors.Configuration;
using Gateway.Web.Configuration;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Configuration;

/// <summary>
/// A comma after a <c>key { ... }</c> field is a field separator in HOCON; Akka's parser refuses it, so the
/// gateway reads it as the newline it stands for, and nowhere else touches the text.
/// </summary>
public sealed class HoconCommaTests
{
    [Fact]
    public void OneLineRoute_WithCommasBetweenItsBlocks_Loads()
    {
        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(OverlayFiles.Write("""
            gateway.routes { x { prefix = "/x", upstreams = ["http://localhost:1"], cache { enabled = off }, circuit-breaker { max-failures = 3 } } }
            """)));

        var route = settings.Routes.Single(r => r.Id == "x");
        Assert.False(route.Cache.Enabled);
        Assert.Equal(3, route.CircuitBreaker.MaxFailures);
    }

    [Theory]
    [InlineData("a { x = 1 }, b { y = 2 }", "a { x = 1 }\n b { y = 2 }")]
    [InlineData("r { a { x = 1 } , b = 2, }", "r { a { x = 1 } \n b = 2, }")]
    [InlineData("r = [{ a { x = 1 }, b = 2 }]", "r = [{ a { x = 1 }\n b = 2 }]")]
    [InlineData("r { \"quoted key\" { x = 1 }, b = 2 }", "r { \"quoted key\" { x = 1 }\n b = 2 }")]
    public void CommaAfterAShorthandObject_BecomesANewline(string written, string read) =>
        Assert.Equal(read, HoconFieldCommas.AsNewlines(written, "test"));

    [Theory]
    [InlineData("r { a = \"{ x }, y\", b = 2 }")]             // inside a string
    [InlineData("r { a = \"\"\"k { x }, y\"\"\", b = 2 }")]   // inside a triple-quoted string
    [InlineData("r { a = 1 # k { x }, y\n b = 2 }")]          // inside a comment
    [InlineData("r { a = { x = 1 }, b = 2 }")]                // after key = { }, which Akka reads as is
    [InlineData("r = [{ a = 1 }, { b = 2 }]")]                // between array elements
    [InlineData("r { a { x = 1 } { y = 2 }, b = 2 }")]        // after a concatenation, which Akka misreads
    [InlineData("r { a { x = 1 }\n, b = 2 }")]                // on the next line
    [InlineData("x { y = 1 }\nr { a = ${x}, b = 2 }")]        // after a substitution
    [InlineData("{ a { x = 1 } },")]                          // after the file's own braces
    public void EveryOtherComma_IsLeftAsWritten(string written) =>
        Assert.Equal(written, HoconFieldCommas.AsNewlines(written, "test"));

    [Fact]
    public void AConcatenationFollowedByAComma_IsStillRefused()
    {
        var error = Assert.Throws<ConfigException>(() => GatewayConfigFiles.ParseText("r { a { x = 1 } { y = 2 }, b = 2 }", "test"));
        Assert.Contains("not valid HOCON", error.Message);
    }
}
