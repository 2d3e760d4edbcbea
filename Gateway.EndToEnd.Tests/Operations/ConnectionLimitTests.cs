using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// gateway.limits.max-connections, lowered to two: real sockets on loopback beyond the cap are closed unread,
/// the rest keep being served, a freed place is taken again, and the refusals show in the log (one line per
/// interval, however many) and in the metrics.
/// </summary>
public sealed class ConnectionLimitTests
{
    private const string HealthRequest = "GET /healthz HTTP/1.1\nHost: gateway\n\n";

    [Fact]
    public async Task ConnectionsBeyondTheCap_AreClosedUnread_WhileTheOthersAreServed_AndAFreedPlaceIsTakenAgain()
    {
        var logs = new CapturedLogs();
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, "gateway.limits.max-connections = 2", logs.AttachTo);

        var first = await HeldOpenAsync(gateway);
        await using var second = await HeldOpenAsync(gateway);

        // Over the cap: accepted by the kernel, then closed by the gateway without an answer.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await ClosedOverTheCapAsync(gateway), "a connection over the cap was left open");
        }

        // The connections inside the cap are still served.
        await second.SendAsync(HealthRequest);
        Assert.Equal(200, (await second.ReadResponseAsync()).Status);

        // A place freed is a place to take, once Kestrel has finished the closed connection.
        await first.DisposeAsync();
        var gate = gateway.App.Services.GetRequiredService<ConnectionGate>();
        await Eventually.MatchesAsync(() => Task.FromResult(gate.Open), open => open == 1, "the closed connection to leave the count");
        using var client = TestClients.Http();
        var samples = await PrometheusText.ScrapeAsync(client, gateway.Url("/metrics"));

        Assert.Equal(3, samples.Value("gateway_connections_refused_total"));
        Assert.Equal(2, samples.Value("gateway_connections_limit"));
        Assert.Equal(2, samples.Value("gateway_connections"));

        // Three refusals within one interval: one line, counting the first.
        var lines = logs.Lines.Where(l => l.Contains("Connection limit reached", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("Warning", line, StringComparison.Ordinal);
        Assert.Contains("gateway.limits.max-connections = 2", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a connection over the cap is closed: read as closed, or reset so soon that the connect itself
    /// reports it (on loopback the gateway's close can overtake the client's side of the handshake).
    /// </summary>
    private static async Task<bool> ClosedOverTheCapAsync(RunningApp gateway)
    {
        RawHttpClient refused;
        try
        {
            refused = await RawHttpClient.ConnectAsync(gateway.Address);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
            return true;
        }
        await using (refused) return await refused.IsClosedAsync();
    }

    private static async Task<RawHttpClient> HeldOpenAsync(RunningApp gateway)
    {
        var connection = await RawHttpClient.ConnectAsync(gateway.Address);
        await connection.SendAsync(HealthRequest);
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        return connection;
    }
}
