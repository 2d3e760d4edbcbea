using System.Net;
using System.Text.Json;
using Akka.Actor;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// <c>gateway.cluster</c>: gateway nodes on loopback form one Akka.Cluster through a seed, report it
/// in status.json, and are ready only once they are Up members.
/// </summary>
public sealed class ClusterFormingTests
{
    private static readonly TimeSpan FormingTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThreeNodes_JoinThroughOneSeed_AndEachReportsEveryMemberUp()
    {
        var nodes = await ClusterNodes.StartAsync(3);
        try
        {
            foreach (var node in nodes)
                await ClusterSignals.WhenAsync(node.App.Services.GetRequiredService<ActorSystem>(), ClusterSignals.AllUp(3), FormingTimeout);

            using var client = TestClients.Http();
            var addresses = new HashSet<string>();
            foreach (var node in nodes)
            {
                using var ready = await client.GetAsync(node.Url("/readyz"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

                var cluster = (await client.GetFromJsonAsync<JsonElement>(node.Url("/_gateway/status.json"))).GetProperty("cluster");
                var self = cluster.GetProperty("self").GetString()!;
                Assert.StartsWith("akka.tcp://gateway@127.0.0.1:", self);
                addresses.Add(self);
                var members = cluster.GetProperty("members").EnumerateArray().ToList();
                Assert.Equal(3, members.Count);
                Assert.All(members, m => Assert.Equal("up", m.GetProperty("status").GetString()));
                Assert.Equal(self, members.Single(m => m.GetProperty("isSelf").GetBoolean()).GetProperty("address").GetString());
                Assert.NotNull(cluster.GetProperty("leader").GetString());
            }
            Assert.Equal(3, addresses.Count);

            // The demo routes' two breakers live somewhere in the cluster; every node's report counts them there.
            foreach (var node in nodes)
            {
                var breakers = await Eventually.MatchesAsync(() => BreakersCountedAsync(client, node), counted => counted == 2,
                    "status.json to count the two breakers", TimeSpan.FromSeconds(15));
                Assert.Equal(2, breakers);
            }
        }
        finally
        {
            await ClusterNodes.StopAsync(nodes);
        }
    }

    /// <summary>The breakers that status.json's members hold, summed; null while no count has come in.</summary>
    private static async Task<int?> BreakersCountedAsync(HttpClient client, RunningApp node)
    {
        var members = (await client.GetFromJsonAsync<JsonElement>(node.Url("/_gateway/status.json"))).GetProperty("cluster").GetProperty("members");
        var counted = members.EnumerateArray().Where(m => m.GetProperty("entities").ValueKind == JsonValueKind.Object).ToList();
        return counted.Count == 0 ? null : counted.Sum(m => m.GetProperty("entities").GetProperty("breakers").GetInt32());
    }

    [Fact]
    public async Task NodeWhoseSeedIsUnreachable_IsNotReady_AndSaysWhyWhileItKeepsTrying()
    {
        var logs = new CapturedLogs();
        var nowhere = ClusterNodes.FreePort();
        var overlay = OverlayFiles.Write(TestGateway.QuietPolicies + "\n" + ClusterNodes.Overlay(0, nowhere, "akka.cluster.seed-node-timeout = 1s"));
        var app = Gateway.Web.Hosting.GatewayHost.Build(["--urls", RunningApp.LoopbackUrls, "--config", overlay], logs.AttachTo);
        await using var node = await RunningApp.StartAsync(app);
        using var client = TestClients.Http();

        using var ready = await client.GetAsync(node.Url("/readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var check = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("cluster");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.EndsWith("not up", check.GetProperty("description").GetString());

        // Akka's own line: which seeds it tried, and that it will try again (bounded: a few seed-node timeouts).
        await Eventually.MatchesAsync(() => Task.FromResult(logs.Lines), lines => lines.Any(l => l.Contains("will try again") && l.Contains($"127.0.0.1:{nowhere}")),
            "Akka's line that it will try the seed again", TimeSpan.FromSeconds(20), lines => string.Join('\n', lines));
        Assert.Contains(logs.Lines, l => l.Contains("will try again") && l.Contains($"127.0.0.1:{nowhere}"));

        // Proxying does not wait for the cluster: the node serves what it can on its own meanwhile.
        using var status = await client.GetAsync(node.Url("/_gateway/status.json"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task ClusterOff_ReportsNoClusterSection_AndIsReady()
    {
        await using var gateway = await TestGateway.StartAsync("");
        using var client = TestClients.Http();

        var report = await client.GetFromJsonAsync<JsonElement>(gateway.Url("/_gateway/status.json"));

        Assert.Equal(JsonValueKind.Null, report.GetProperty("cluster").ValueKind);
        using var ready = await client.GetAsync(gateway.Url("/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
