using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// SIGTERM to the real gateway process: it stops accepting at once, lets the request in flight
/// finish, stops the actor system through coordinated shutdown and exits 0 within the grace period.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_RefusesNewConnections_LetsTheSlowRequestFinish_AndExitsZeroWithinTheGracePeriod()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await GatewayProcess.StartAsync($$"""
            gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
            gateway.shutdown.grace-period = 20s
            """);
        using var client = TestClients.Http();

        var slow = client.GetAsync(new Uri(gateway.Address, "/up/slow/3000"));
        await upstream.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var signalled = Stopwatch.StartNew();
        await ProcessSignals.SendSigtermAsync(gateway.ProcessId);

        await gateway.WaitForJsonLineAsync(line => EventId(line) == 3000);
        await WaitUntilRefusedAsync(gateway.Address);
        Assert.False(slow.IsCompleted, "the slow request ended before the listener closed; the test proves nothing");

        using var response = await slow.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow", await response.Content.ReadAsStringAsync());

        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(20), $"took {signalled.Elapsed} to exit");

        // Drained first, then the actors: the order the shutdown promises, seen in its own log lines.
        var ids = gateway.JsonLines().Select(EventId).Where(id => id is >= 3000 and <= 3005).ToList();
        Assert.Equal([3000, 3001, 3003, 3004], ids);
        var request = gateway.JsonLines().Single(l => EventId(l) == 1000 && State(l, "Path") == "/up/slow/3000");
        Assert.Equal("200", State(request, "Status"));
    }

    [Fact]
    public async Task RequestOutlastingTheGracePeriod_IsCutOff_AndTheProcessStillExitsZero()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await GatewayProcess.StartAsync($$"""
            gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
            gateway.shutdown.grace-period = 1s
            """);
        using var client = TestClients.Http();

        var stuck = client.GetAsync(new Uri(gateway.Address, "/up/slow/60000"));
        await upstream.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var signalled = Stopwatch.StartNew();
        await ProcessSignals.SendSigtermAsync(gateway.ProcessId);

        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(15), $"took {signalled.Elapsed} to exit");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10)));
        // Cut off, then the actors: the warning says so, and no "all finished" line claims otherwise.
        var ids = gateway.JsonLines().Select(EventId).Where(id => id is >= 3000 and <= 3005).ToList();
        Assert.Equal([3000, 3002, 3003, 3004], ids);
    }

    /// <summary>New connections are refused once Kestrel has closed its listener (bounded wait).</summary>
    private static async Task WaitUntilRefusedAsync(Uri address)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (DateTime.UtcNow < deadline)
        {
            using var socket = new TcpClient();
            try
            {
                await socket.ConnectAsync(address.Host, address.Port).WaitAsync(TimeSpan.FromSeconds(2));
            }
            // Refused once the listener is gone; reset when the attempt lands in the backlog as it closes.
            // Either way the gateway did not take a new connection.
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                return;
            }
            await tick.WaitForNextTickAsync();
        }
        throw new Xunit.Sdk.XunitException("the gateway still accepted new connections 10s after SIGTERM");
    }

    private static int EventId(JsonElement line) => line.TryGetProperty("EventId", out var id) ? id.GetInt32() : -1;

    private static string? State(JsonElement line, string name) =>
        line.GetProperty("State").TryGetProperty(name, out var value) ? value.ToString() : null;
}
