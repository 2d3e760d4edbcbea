using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// A <see cref="CacheOrigin"/> behind the real gateway with caching on (route <c>/up</c>, defaults
/// otherwise). Shared by the tests of a class, which keep apart by using their own <c>/r/{name}</c>.
/// </summary>
public sealed class CachingFixture : IAsyncLifetime
{
    /// <summary>Caching on for the test gateway (<see cref="TestGateway.QuietPolicies"/> turns it off).</summary>
    public const string CacheOn = "gateway.cache.enabled = on";

    private RunningApp _originApp = null!;

    public CacheOrigin Origin { get; private set; } = null!;
    public RunningApp Gateway { get; private set; } = null!;
    public HttpClient Client { get; } = TestClients.Http();

    public async Task InitializeAsync()
    {
        (_originApp, Origin) = await CacheOrigin.StartAsync();
        Gateway = await TestGateway.StartForAsync(_originApp.Address, CacheOn);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await _originApp.DisposeAsync();
    }

    public Uri Url(string pathAndQuery) => Gateway.Url(pathAndQuery);

    public Uri OriginAddress => _originApp.Address;
}
