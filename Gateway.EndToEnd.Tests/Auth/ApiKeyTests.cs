using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Auth;

public sealed class ApiKeyTests : GatewayWithTestUpstream
{
    private const string KeyFromEnvironmentVariable = "GATEWAY_TEST_KEY_FROM_ENV";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"gateway-key-{Guid.NewGuid():N}");

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeyFromEnvironmentVariable, "key-from-the-environment");
        await File.WriteAllTextAsync(_keyFile, "key-from-a-file\n");
        await base.InitializeAsync();
    }

    protected override string Overlay(string up) => $$"""
        gateway.auth {
          enabled = on
          api-keys = [
            { name = "alice", key = "alice-secret-key" }
            { name = "ci", key-env = "{{KeyFromEnvironmentVariable}}" }
            { name = "mobile", key-file = "{{_keyFile}}" }
          ]
        }
        gateway.routes {
          locked { prefix = "/locked", upstreams = ["{{up}}"] }
          open   { prefix = "/open",   upstreams = ["{{up}}"], auth { enabled = off } }
          custom { prefix = "/custom", upstreams = ["{{up}}"], auth { header = "X-Custom-Key" } }
        }
        """;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_keyFile);
    }

    private Task<HttpResponseMessage> GetWithKeyAsync(string path, string? key, string header = "X-API-Key") => GetAsync(path, (header, key));

    [Fact]
    public async Task MissingKey_Returns401ProblemJson_AndNeverReachesUpstream()
    {
        var calls = Upstream.Calls;
        using var response = await GetWithKeyAsync("/locked/echo", key: null);

        await ProblemJson.AssertAsync(response, 401);
        Assert.Contains("X-API-Key", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(calls, Upstream.Calls);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("alice-secret-ke")]
    [InlineData("ALICE-SECRET-KEY")]
    [InlineData("")]
    public async Task UnknownKey_Returns401(string key)
    {
        var calls = Upstream.Calls;
        using var response = await GetWithKeyAsync("/locked/echo", key);

        await ProblemJson.AssertAsync(response, 401);
        Assert.Equal(calls, Upstream.Calls);
    }

    [Fact]
    public async Task KnownKey_IsAdmitted_AndNotForwarded()
    {
        using var response = await GetWithKeyAsync("/locked/echo", "alice-secret-key");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoedRequest.ReadAsync(response);
        Assert.Null(echo.Header("X-API-Key"));
    }

    [Fact]
    public async Task OnOneKeepAliveConnection_OnlyTheExactKeyVerifiedBefore_IsAdmittedAgain()
    {
        using var oneConnection = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 });
        async Task<int> StatusWithKeyAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/locked/echo"));
            request.Headers.Add("X-API-Key", key);
            using var response = await oneConnection.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(200, await StatusWithKeyAsync("alice-secret-key"));
        Assert.Equal(401, await StatusWithKeyAsync("alice-secret-ke"));
        Assert.Equal(401, await StatusWithKeyAsync("alice-secret-key2"));
        Assert.Equal(401, await StatusWithKeyAsync("alice-secret-kez"));
        Assert.Equal(200, await StatusWithKeyAsync("alice-secret-key"));
        Assert.Equal(200, await StatusWithKeyAsync("key-from-a-file"));
        Assert.Equal(401, await StatusWithKeyAsync("alice-secret-keyy"));
        Assert.Equal(200, await StatusWithKeyAsync("alice-secret-key"));
    }

    [Fact]
    public async Task KeysFromEnvironmentAndFile_AreAdmitted()
    {
        using var fromEnvironment = await GetWithKeyAsync("/locked/echo", "key-from-the-environment");
        using var fromFile = await GetWithKeyAsync("/locked/echo", "key-from-a-file");

        Assert.Equal(System.Net.HttpStatusCode.OK, fromEnvironment.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, fromFile.StatusCode);
    }

    [Fact]
    public async Task RouteWithAuthOff_NeedsNoKey()
    {
        using var response = await GetWithKeyAsync("/open/echo", key: null);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RouteWithOwnHeader_ReadsThatHeader_AndStripsIt()
    {
        using var wrongHeader = await GetWithKeyAsync("/custom/echo", "alice-secret-key");
        using var rightHeader = await GetWithKeyAsync("/custom/echo", "alice-secret-key", header: "X-Custom-Key");

        await ProblemJson.AssertAsync(wrongHeader, 401);
        Assert.Equal(System.Net.HttpStatusCode.OK, rightHeader.StatusCode);
        Assert.Null((await EchoedRequest.ReadAsync(rightHeader)).Header("X-Custom-Key"));
    }
}
