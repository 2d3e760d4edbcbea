namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What nearly every end-to-end test starts: an upstream app on an ephemeral loopback port, the real
/// gateway in front of it with an overlay that names the upstream, and a plain client. All three are
/// disposed in reverse (client, gateway, upstream).
/// <para>
/// As a base class it is started and stopped around each test by xunit (<see cref="IAsyncLifetime"/>),
/// with the overlay a test class gives by overriding <see cref="Overlay"/>. A test that needs a set-up
/// of its own passes the overlay to the constructor, starts it with <see cref="StartAsync{T}"/> and
/// disposes it with <c>await using</c>.
/// </para>
/// </summary>
public abstract class GatewayWithUpstream(Func<string, string>? overlay = null, TimeSpan? clientTimeout = null) : IAsyncLifetime, IAsyncDisposable
{
    public RunningApp UpstreamApp { get; private set; } = null!;
    public RunningApp Gateway { get; private set; } = null!;
    public HttpClient Client { get; } = TestClients.Http(clientTimeout);

    /// <summary>The upstream's <c>http://host:port</c>, as an overlay names it in <c>upstreams</c>.</summary>
    public string UpstreamAuthority => UpstreamApp.Address.GetLeftPart(UriPartial.Authority);

    /// <summary>The route <c>/up</c> (prefix stripped) to <paramref name="upstream"/>, as <see cref="TestGateway.StartForAsync"/> sets it up, plus extra HOCON.</summary>
    public static string UpRoute(string upstream, string extra = "") => $$"""
        gateway.routes { up { prefix = "/up", upstreams = ["{{upstream}}"] } }
        {{extra}}
        """;

    /// <summary>Starts the upstream; called first.</summary>
    protected abstract Task<RunningApp> StartUpstreamAsync();

    /// <summary>
    /// The overlay the gateway starts with, given the upstream's authority: the one given to the
    /// constructor, else the route <c>/up</c> to the upstream.
    /// </summary>
    protected virtual string Overlay(string upstream) => overlay is null ? UpRoute(upstream) : overlay(upstream);

    /// <summary>Starts the gateway with the overlay; by default <see cref="TestGateway.StartAsync"/> (quiet policies under it).</summary>
    protected virtual Task<RunningApp> StartGatewayAsync(string overlayHocon) => TestGateway.StartAsync(overlayHocon);

    public virtual async Task InitializeAsync()
    {
        UpstreamApp = await StartUpstreamAsync();
        Gateway = await StartGatewayAsync(Overlay(UpstreamAuthority));
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        // Null-tolerant: a start that failed half way still stops what it had started.
        if (Gateway is not null) await Gateway.DisposeAsync();
        if (UpstreamApp is not null) await UpstreamApp.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Starts a set-up inside a test; the caller disposes it (<c>await using</c>).</summary>
    public static async Task<T> StartAsync<T>(T setup) where T : GatewayWithUpstream
    {
        try
        {
            await setup.InitializeAsync();
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>An absolute URL on the gateway.</summary>
    public Uri Url(string pathAndQuery) => Gateway.Url(pathAndQuery);

    /// <summary>The gateway's <c>ws://</c> URL for a path.</summary>
    public Uri WsUrl(string pathAndQuery) => Gateway.WsUrl(pathAndQuery);

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Client.GetAsync(Url(pathAndQuery));

    /// <summary>A GET with request headers; a header whose value is null is not sent.</summary>
    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, params (string Name, string? Value)[] headers) =>
        Client.GetWithHeadersAsync(Url(pathAndQuery), headers);
}
