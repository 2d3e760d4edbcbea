using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.RateLimiting;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Three gateway processes on loopback. Losing one, killed or stopped, costs the other two nothing:
/// every request sent to a survivor is answered as usual while the cluster settles without it, the
/// requests of a client whose limiter was on the lost node included (each survivor decides them within
/// its share of the quota until the lost node is removed).
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

    private static Task<JsonElement> ClusterOfAsync(HttpClient client, GatewayProcess node) =>
        client.GetFromJsonAsync<JsonElement>(new Uri(node.Address, "/_gateway/status.json"))
            .ContinueWith(report => report.Result.GetProperty("cluster"), TaskScheduler.Default);

    private static async Task WhenEachSeesAsync(HttpClient client, IEnumerable<GatewayProcess> nodes, int members)
    {
        var deadline = DateTime.UtcNow + Bounded;
        foreach (var node in nodes)
        {
            // One bound for all the nodes, as each is asked in turn.
            var left = deadline - DateTime.UtcNow;
            await Eventually.MatchesAsync(() => UpMembersAsync(client, node), up => up == members,
                $"a node to see {members} members up", left > TimeSpan.Zero ? left : TimeSpan.Zero);
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
    public async Task SigkillOfTheNodeHoldingAClientsLimiter_TheSurvivorsServeThatClientWithinTheirShare_Not503()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        // 10 per minute: with two nodes left each may admit 5 of it on its own. Entities counted often, to find the limiter soon.
        var nodes = await StartThreeAsync(upstreamApp.Address, """
            gateway.rate-limit { enabled = on, requests = 10, window = 1m }
            gateway.observability.stats-interval = 200ms
            """);
        try
        {
            using var client = TestClients.Http();
            await WhenEachSeesAsync(client, nodes, 3);
            using (var first = await client.GetAsync(new Uri(nodes[0].Address, "/up/echo/x")))
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            // The one limiter of this client (127.0.0.1) lives on one of the three: that node is the one to lose.
            var cluster = await Eventually.MatchesAsync(() => ClusterOfAsync(client, nodes[0]),
                c => c.GetProperty("members").EnumerateArray().Any(m => LimitersOn(m) == 1), "a node holding the client's limiter");
            var ownerAddress = cluster.GetProperty("members").EnumerateArray().Single(m => LimitersOn(m) == 1).GetProperty("address").GetString();
            var selves = new List<string?>();
            foreach (var node in nodes) selves.Add((await ClusterOfAsync(client, node)).GetProperty("self").GetString());
            var owner = nodes[selves.IndexOf(ownerAddress)];
            var survivors = nodes.Where(node => node != owner).ToArray();

            Process.GetProcessById(owner.ProcessId).Kill();

            // At once, before the failure detector has a word: the survivor waits out the decision timeout, then decides itself.
            using (var meanwhile = await client.GetAsync(new Uri(survivors[0].Address, "/up/echo/x")))
                Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);
            // Each survivor's owner watch has found which limiters no serving node holds, and says so.
            foreach (var survivor in survivors)
                output.WriteLine(await survivor.WaitForLineAsync(line => line.Contains("limiter shard(s) out of reach", StringComparison.Ordinal), Bounded));

            foreach (var survivor in survivors)
            {
                var responses = new List<HttpResponseMessage>();
                try
                {
                    for (var i = 0; i < 7; i++)
                    {
                        var sent = Stopwatch.StartNew();
                        responses.Add(await client.GetAsync(new Uri(survivor.Address, "/up/echo/x")));
                        // Decided here without waiting for the lost limiter, which would take the whole decision timeout.
                        Assert.True(sent.Elapsed < RateLimitGate.DecisionTimeout, $"request {i} took {sent.Elapsed}");
                    }
                    // Its share of 10 with two serving nodes is 5 (the first survivor's request during the detection counted in it).
                    var admitted = survivor == survivors[0] ? 4 : 5;
                    Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, admitted), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7 - admitted)],
                        responses.Select(r => r.StatusCode));
                    var denied = responses[^1];
                    Assert.True(denied.Headers.Contains("Retry-After"));
                    Assert.Equal("\"default\";q=10;w=60", denied.Headers.GetValues("RateLimit-Policy").Single());
                    Assert.StartsWith("\"default\";r=0;", denied.Headers.GetValues("RateLimit").Single());
                }
                finally
                {
                    foreach (var response in responses) response.Dispose();
                }

                var samples = await PrometheusText.ScrapeAsync(client, new Uri(survivor.Address, "/metrics"));
                Assert.True(samples.Value("gateway_cluster_decision_duration_milliseconds_count", ("kind", "rate-limit-fallback"), ("node", "local")) >= 7);
                output.WriteLine(await survivor.WaitForLineAsync(line => line.Contains("\"EventId\":1302", StringComparison.Ordinal)));
                // Still before the lost node's removal, which restarts the client's budget: the share was what was tested.
                Assert.Equal(1, (await ClusterOfAsync(client, survivor)).GetProperty("members").EnumerateArray()
                    .Count(m => m.GetProperty("status").GetString() == "unreachable"));
            }
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    /// <summary>The limiter entities status.json counts on a member; -1 before the first count.</summary>
    private static int LimitersOn(JsonElement member) =>
        member.GetProperty("entities") is { ValueKind: JsonValueKind.Object } entities ? entities.GetProperty("rateLimiters").GetInt32() : -1;

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
