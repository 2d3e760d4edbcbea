using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

public class LimiterNameTests
{
    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("192.0.2.1")]
    [InlineData("$weird key/with spaces#and?stuff")]
    [InlineData("")]
    [InlineData("ünïcödé")]
    public void AnyClientKey_GivesAValidActorName(string clientKey)
    {
        var name = LimiterName.For("service-a", clientKey, ClientKeySource.ClientIp);

        Assert.True(ActorPath.IsValidPathElement(name), name);
    }

    [Fact]
    public void DifferentKeys_NeverShareAName()
    {
        var names = new[]
        {
            LimiterName.For("a", "b,c", ClientKeySource.ClientIp),
            LimiterName.For("a,b", "c", ClientKeySource.ClientIp),
            LimiterName.For("a", "b~2Cc", ClientKeySource.ClientIp),
            LimiterName.For("a", "b", ClientKeySource.ClientIp),
            LimiterName.For("a", "b", ClientKeySource.ApiKey),
        };

        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void ApiKey_NeverAppearsInTheName()
    {
        var name = LimiterName.For("default", "sk_live_secret123", ClientKeySource.ApiKey);

        Assert.DoesNotContain("secret", name);
        Assert.True(ActorPath.IsValidPathElement(name));
    }
}
