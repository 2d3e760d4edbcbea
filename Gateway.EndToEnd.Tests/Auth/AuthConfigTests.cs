using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Auth;

public sealed class AuthConfigTests
{
    [Theory]
    [InlineData("gateway.auth { enabled = on }", "gateway.auth.api-keys: auth is on but no key is configured")]
    [InlineData("""gateway.auth.api-keys = [{ name = "x", key-env = "GATEWAY_TEST_SURELY_UNSET_VARIABLE" }]""", "gateway.auth.api-keys[0].key-env: the environment variable 'GATEWAY_TEST_SURELY_UNSET_VARIABLE' is not set")]
    [InlineData("""gateway.auth.api-keys = [{ name = "x", key-file = "/nonexistent/key" }]""", "gateway.auth.api-keys[0].key-file: cannot read '/nonexistent/key'")]
    [InlineData("""gateway.auth.api-keys = [{ name = "x" }]""", "gateway.auth.api-keys[0]: needs exactly one of key, key-env or key-file")]
    [InlineData("""gateway.auth.api-keys = [{ name = "x", key = "a" }, { name = "x", key = "b" }]""", "the name 'x' is given to more than one key")]
    [InlineData("""gateway.routes.service-a.auth { enabled = on }""", "gateway.routes.service-a.auth.api-keys: auth is on but no key")]
    public async Task BrokenAuthConfig_StopsStartup_NamingTheKey(string overlay, string expected)
    {
        Assert.Contains(expected, await FailedStartup.ErrorLineAsync(overlay));
    }
}
