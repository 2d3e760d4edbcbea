using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Three gateway processes on loopback. Losing one, killed or stopped, costs the other two nothing:
/// every request sent to a survivor is answered as usual while the cluster settles without it.
/// </summary>
public sealed class ClusterNodeLossTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(45);

    private static async Task<GatewayProcess[]> StartThreeAsync(Uri upstream, string extra)
    {
        var seedPort = ClusterNodes.FreePort();
        var route = $$"""
            gateway.routes { up { prefix = "/up", upstreams = ["{{upstream.GetLeftPart(UriPartial.Authority)}}"] } }
            {{extra}}
            """;
        var nodes = new List<GatewayProcess>();
        try
        {
            nodes.Add(await GatewayProcess.StartAsync(ClusterNodes.Overlay(seedPort, seedPort, route)));
            for (var i = 1; i < 3; i++) nodes.Add(await GatewayProcess.StartAsync(ClusterNodes.Overlay(0, seedPort, route)));
            return nodes.ToArray();
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many members a node's status.json lists, all up.</summary>
    private static async Task<int> UpMembersAsync(HttpClient client, GatewayProcess node)
    {
        var report = await client.GetFromJsonAsync<JsonElement>(new Uri(node.Address, "/_gateway/status.json"));
        var members = report.GetProperty("cluster").GetProperty("members").EnumerateArray().ToList();
        return members.All(m => m.GetProperty("status").GetString() == "up") ? members.Count : -1;
    }

    private static async Task WhenEachSeesAsync(HttpClient client, IEnumerable<GatewayProcess> nodes, int members)
    {
        var deadline = DateTime.UtcNow + Bounded;
        foreach (var node in nodes)
        {
            while (await UpMembersAsync(client, node) != members && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.Equal(members, await UpMembersAsync(client, node));
        }
    }

    /// <summary>Sends requests to each node, one at a time per node, until told to stop (bounded by a count); returns every status.</summary>
    private static List<Task<List<HttpStatusCode>>> Load(HttpClient client, IEnumerable<GatewayProcess> nodes, CancellationToken stop) =>
        nodes.Select(node => Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await client.GetAsync(new Uri(node.Address, "/up/echo/x"), CancellationToken.None);
                statuses.Add(response.StatusCode);
            }
            return statuses;
        })).ToList();

    /// <summary>
    /// Three nodes; load on the first two while <paramref name="lose"/> takes the third away; returns every
    /// status the survivors answered and how long after the loss they saw the cluster settle without it.
    /// </summary>
    private static async Task<(List<HttpStatusCode> Statuses, TimeSpan Settled)> LoseOneUnderLoadAsync(string extra, Func<GatewayProcess, Task> lose)
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        var nodes = await StartThreeAsync(upstreamApp.Address, extra);
        try
        {
            using var client = TestClients.Http();
            await WhenEachSeesAsync(client, nodes, 3);
            var survivors = nodes[..2];
            using var stop = new CancellationTokenSource();
            var load = Load(client, survivors, stop.Token);

            await lose(nodes[2]);
            var lost = Stopwatch.StartNew();
            await WhenEachSeesAsync(client, survivors, 2);
            var settled = lost.Elapsed;
            stop.Cancel();
            return ((await Task.WhenAll(load)).SelectMany(s => s).ToList(), settled);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task SigkillOfOneNode_UnderLoad_FailsNoRequestToTheSurvivors_AndTheClusterSettlesWithoutIt()
    {
        var (statuses, settled) = await LoseOneUnderLoadAsync("", node =>
        {
            Process.GetProcessById(node.ProcessId).Kill();
            return Task.CompletedTask;
        });
        output.WriteLine($"survivors saw the killed node removed after {settled.TotalSeconds:F1} s");

        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        // Failure detection plus the resolver's 7 s of stability, then removal: well inside the bound.
        Assert.True(settled < Bounded, $"settled after {settled}");
    }

    [Fact]
    public async Task SigtermOfOneNode_LeavesGracefully_AndNoRequestToTheOthersFails_WithRateLimitsOn()
    {
        // Limits on, high enough never to deny: every request asks or leases from a limiter somewhere in the cluster.
        var (statuses, _) = await LoseOneUnderLoadAsync("gateway.rate-limit { enabled = on, requests = 1000000, window = 1m }", async node =>
        {
            await ProcessSignals.SendSigtermAsync(node.ProcessId);
            Assert.Equal(0, await node.WaitForExitAsync(Bounded));
        });

        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
