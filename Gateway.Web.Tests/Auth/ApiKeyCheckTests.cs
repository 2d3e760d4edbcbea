using Gateway.Web.Auth;
using Gateway.Web.Configuration;

namespace Gateway.Web.Tests.Auth;

public sealed class ApiKeyCheckTests
{
    [Fact]
    public void Find_NamesTheMatchingKey_AndNothingForAPrefixOrExtension()
    {
        var keys = AuthSettings.Create(new Gateway.Actors.Configuration.ConfigReader(
            Akka.Configuration.ConfigurationFactory.ParseString("""api-keys = [{ name = "a", key = "first" }, { name = "b", key = "second" }]"""), "gateway.auth")).Keys;

        Assert.Equal("b", ApiKeyCheck.Find(keys, "second")?.Name);
        Assert.Null(ApiKeyCheck.Find(keys, "secon"));
        Assert.Null(ApiKeyCheck.Find(keys, "secondx"));
        Assert.DoesNotContain(keys, k => k.Hash.Length != 32);
    }
}
