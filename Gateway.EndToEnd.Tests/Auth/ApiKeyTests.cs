using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Auth;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string KeyFromEnvironmentVariable = "GATEWAY_TEST_KEY_FROM_ENV";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"gateway-key-{Guid.NewGuid():N}");
    private RunningApp _upstreamApp = null!;
    private TestUpstream _upstream = null!;
    private RunningApp _gateway = null!;
    private readonly HttpClient _client = TestClients.Http();

    public async Task InitializeAsync()
    {
        (_upstreamApp, _upstream) = await TestUpstream.StartAsync();
        Environment.SetEnvironmentVariable(KeyFromEnvironmentVariable, "key-from-the-environment");
        await File.WriteAllTextAsync(_keyFile, "key-from-a-file\n");
        var up = _upstreamApp.Address.GetLeftPart(UriPartial.Authority);
        _gateway = await TestGateway.StartAsync($$"""
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
            """);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstreamApp.DisposeAsync();
        File.Delete(_keyFile);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? key, string header = "X-API-Key")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _gateway.Url(path));
        if (key is not null) request.Headers.TryAddWithoutValidation(header, key);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task MissingKey_Returns401ProblemJson_AndNeverReachesUpstream()
    {
        var calls = _upstream.Calls;
        using var response = await GetAsync("/locked/echo", key: null);

        await ProblemJson.AssertAsync(response, 401);
        Assert.Contains("X-API-Key", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(calls, _upstream.Calls);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("alice-secret-ke")]
    [InlineData("ALICE-SECRET-KEY")]
    [InlineData("")]
    public async Task UnknownKey_Returns401(string key)
    {
        var calls = _upstream.Calls;
        using var response = await GetAsync("/locked/echo", key);

        await ProblemJson.AssertAsync(response, 401);
        Assert.Equal(calls, _upstream.Calls);
    }

    [Fact]
    public async Task KnownKey_IsAdmitted_AndNotForwarded()
    {
        using var response = await GetAsync("/locked/echo", "alice-secret-key");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoedRequest.ReadAsync(response);
        Assert.Null(echo.Header("X-API-Key"));
    }

    [Fact]
    public async Task KeysFromEnvironmentAndFile_AreAdmitted()
    {
        using var fromEnvironment = await GetAsync("/locked/echo", "key-from-the-environment");
        using var fromFile = await GetAsync("/locked/echo", "key-from-a-file");

        Assert.Equal(System.Net.HttpStatusCode.OK, fromEnvironment.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, fromFile.StatusCode);
    }

    [Fact]
    public async Task RouteWithAuthOff_NeedsNoKey()
    {
        using var response = await GetAsync("/open/echo", key: null);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RouteWithOwnHeader_ReadsThatHeader_AndStripsIt()
    {
        using var wrongHeader = await GetAsync("/custom/echo", "alice-secret-key");
        using var rightHeader = await GetAsync("/custom/echo", "alice-secret-key", header: "X-Custom-Key");

        await ProblemJson.AssertAsync(wrongHeader, 401);
        Assert.Equal(System.Net.HttpStatusCode.OK, rightHeader.StatusCode);
        Assert.Null((await EchoedRequest.ReadAsync(rightHeader)).Header("X-Custom-Key"));
    }
}
