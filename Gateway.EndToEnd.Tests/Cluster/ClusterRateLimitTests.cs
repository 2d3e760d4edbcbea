using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// One budget per client in the whole cluster: a client spreading its requests over three gateway nodes
/// at once is admitted exactly its quota in total, whether its limiter decides each request or leases
/// permits to the nodes.
/// </summary>
public sealed class ClusterRateLimitTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(30, 1)]     // too few for leases: every request is decided by the one limiter
    [InlineData(600, 4)]    // a busy client: each node holds leases of the client's permits
    public async Task ClientSpreadingThreeTimesItsQuotaOverThreeNodes_IsAdmittedExactlyItsQuota(int quota, int connectionsPerNode)
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _ = upstreamApp;
        var nodes = await ClusterNodes.StartAsync(3, $$"""
            gateway.routes { up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] } }
            gateway.rate-limit { enabled = on, requests = {{quota}}, window = 1m }
            """);
        try
        {
            await ClusterNodes.WhenReadyAsync(nodes, Ready);
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = connectionsPerNode })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            var perWorker = quota * 3 / (3 * connectionsPerNode);

            // Every node, several connections each, all at once: 3x the quota in total.
            var workers = nodes.SelectMany(node => Enumerable.Range(0, connectionsPerNode).Select(async _ =>
            {
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < perWorker; i++)
                {
                    using var response = await client.GetAsync(node.Url("/up/echo"));
                    statuses.Add(response.StatusCode);
                }
                return statuses;
            })).ToList();
            var statuses = (await Task.WhenAll(workers)).SelectMany(s => s).ToList();

            Assert.Equal(quota * 3, statuses.Count);
            Assert.Equal(quota, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(quota * 2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
            Assert.Equal(quota, upstream.Calls);

            // The client's one limiter lives on one node: the other two asked it across the network, and say so.
            var remote = 0.0;
            foreach (var node in nodes)
            {
                var samples = await PrometheusText.ScrapeAsync(client, node.Url("/metrics"));
                remote += samples.Value("gateway_cluster_decision_duration_milliseconds_count", ("kind", "rate-limit"), ("node", "remote")) ?? 0;
            }
            Assert.True(remote > 0, "no rate-limit decision was counted as made on another node");
        }
        finally
        {
            await ClusterNodes.StopAsync(nodes);
        }
    }
}
