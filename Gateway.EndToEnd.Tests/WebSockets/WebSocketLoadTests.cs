using System.Diagnostics;
using System.Net.WebSockets;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.WebSockets;
using Gateway.EndToEnd.Tests.Forwarding;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.Hosting;
using Gateway.Web.Tests.Infrastructure;
using Gateway.Web.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.WebSockets;

/// <summary>
/// Many connections at once, and many one after another: every message arrives in order, and every
/// relay, socket and buffer is gone afterwards. Run alone, so the memory measured is this test's.
/// </summary>
[Collection(MemoryHeavy.Name)]
public sealed class WebSocketLoadTests(ITestOutputHelper output) : GatewayWithUpstream
{
    protected override Task<RunningApp> StartUpstreamAsync() =>
        DemoServices.StartServiceBAsync("--Logging:LogLevel:Default=Warning");

    protected override string Overlay(string serviceB) => $"""
        {TestGateway.QuietPolicies}
        {DemoServices.ShippedRouteTo("service-b", serviceB)}
        """;

    // One log line per opened and closed connection is right for an operator, noise for ten thousand cycles.
    protected override Task<RunningApp> StartGatewayAsync(string overlayHocon) => RunningApp.StartAsync(GatewayHost.Build(
        ["--urls", RunningApp.LoopbackUrls, "--config", OverlayFiles.Write(overlayHocon), "--Logging:LogLevel:Default=Warning"]));

    private Task<ClientWebSocket> ConnectAsync() => WsClient.ConnectAsync(WsUrl("/service-b/ws"));

    [Fact]
    public async Task ThousandConcurrentConnections_ExchangingMessages_AllInOrder()
    {
        const int connections = 1000;
        const int messages = 10;
        var clock = Stopwatch.StartNew();

        // All connected first, so the thousand are open at the same time.
        var sockets = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => ConnectAsync()));
        Assert.Equal(connections, (await StatsAsync()).OpenConnections);
        var connected = clock.Elapsed;

        var received = await Task.WhenAll(sockets.Select(async (socket, c) =>
        {
            var reading = Task.Run(async () =>
            {
                var echoes = new List<string>(messages);
                for (var m = 0; m < messages; m++) echoes.Add(await socket.ReceiveTextAsync());
                return echoes;
            });
            for (var m = 0; m < messages; m++) await socket.SendTextAsync($"{c}:{m}");
            return (Connection: c, Echoes: await reading);
        }));
        var exchanged = clock.Elapsed;
        await Task.WhenAll(sockets.Select(s => s.CloseAsync(WebSocketCloseStatus.NormalClosure, null)));
        foreach (var socket in sockets) socket.Dispose();

        foreach (var (c, echoes) in received)
            Assert.Equal(Enumerable.Range(0, messages).Select(m => $"{c}:{m}"), echoes);
        await UntilNoRelayIsOpenAsync();
        output.WriteLine($"{connections} connections open in {connected.TotalSeconds:F1} s; " +
                         $"{connections * messages} messages echoed in {(exchanged - connected).TotalSeconds:F1} s; " +
                         $"all closed after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task TenThousandConnectDisconnectCycles_LeaveNoRelay_AndNoMemoryBehind()
    {
        const int cycles = 10_000;
        const int warmUp = 500;
        const int parallel = 4;
        await CyclesAsync(warmUp, parallel);
        await UntilNoRelayIsOpenAsync();
        var heapBefore = SettledHeap();
        var clock = Stopwatch.StartNew();

        await CyclesAsync(cycles, parallel);

        var elapsed = clock.Elapsed;
        await UntilNoRelayIsOpenAsync();
        var heapAfter = SettledHeap();
        var growth = heapAfter - heapBefore;
        output.WriteLine($"{cycles} cycles ({parallel} at a time) in {elapsed.TotalSeconds:F1} s; " +
                         $"managed heap {heapBefore / 1024} KiB -> {heapAfter / 1024} KiB ({growth / 1024:+#;-#;0} KiB)");
        // A relay left behind holds two sockets and two 16 KiB buffers: ten thousand of them would be
        // hundreds of MiB, and even 1 KiB per cycle would pass this bound.
        Assert.True(growth < 8L << 20, $"the managed heap grew by {growth / 1024} KiB over {cycles} cycles");
    }

    private async Task CyclesAsync(int cycles, int parallel)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < cycles)
            {
                using var socket = await ConnectAsync();
                await socket.SendTextAsync("ping");
                Assert.Equal("ping", await socket.ReceiveTextAsync());
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done");
            }
        }));
    }

    private async Task<WebSocketRelaySupervisor.Stats> StatsAsync()
    {
        var supervisor = Gateway.App.Services.GetRequiredService<IRequiredActor<RelaySupervisorActor>>().ActorRef;
        return await supervisor.Ask<WebSocketRelaySupervisor.Stats>(WebSocketRelaySupervisor.GetStats.Instance, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// A relay ends a moment after its client saw the close handshake finish (it still has to see its
    /// own Close sent), so the count is asked again until it reaches zero, within a bound.
    /// </summary>
    private async Task UntilNoRelayIsOpenAsync()
    {
        var stats = await Eventually.MatchesAsync(StatsAsync, s => s.OpenConnections == 0, "every relay to end", WsClient.Patience);
        Assert.Equal(0, stats.OpenConnections);
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
