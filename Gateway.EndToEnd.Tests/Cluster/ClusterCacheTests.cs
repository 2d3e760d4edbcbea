using System.Net;
using Gateway.EndToEnd.Tests.Caching;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// One cache across the nodes (issue 18): a key is fetched from the upstream once for the whole cluster, a hit
/// on any node is served from that node's memory, and an unsafe request through one node reaches every
/// node's copy.
/// </summary>
public sealed class ClusterCacheTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    /// <summary>Three nodes with a cached route to a fresh upstream, stopped whatever the test does.</summary>
    private static async Task OnThreeNodesAsync(Func<RunningApp[], TestUpstream, HttpClient, Task> test)
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _ = upstreamApp;
        await OnNodesAsync(3, upstreamApp, (nodes, client) => test(nodes, upstream, client));
    }

    /// <summary><paramref name="count"/> nodes with a cached route <c>/up</c> to <paramref name="upstream"/>, stopped whatever the test does.</summary>
    private static async Task OnNodesAsync(int count, RunningApp upstream, Func<RunningApp[], HttpClient, Task> test)
    {
        var nodes = await ClusterNodes.StartAsync(count, $$"""
            gateway.routes { up { prefix = "/up", upstreams = ["{{upstream.Address.GetLeftPart(UriPartial.Authority)}}"], cache { enabled = on, ttl = 60s } } }
            """);
        try
        {
            await ClusterNodes.WhenReadyAsync(nodes, Ready);
            using var client = TestClients.Http();
            await test(nodes, client);
        }
        finally
        {
            await ClusterNodes.StopAsync(nodes);
        }
    }

    [Fact]
    public Task KeyFilledThroughOneNode_IsAHitOnTheOtherTwo_WithOneUpstreamCallInTotal() =>
        OnThreeNodesAsync(async (nodes, upstream, client) =>
        {
            using (var miss = await client.GetAsync(nodes[0].Url("/up/echo/one")))
                Assert.Equal("MISS", miss.XCache());

            foreach (var node in nodes.Skip(1))
            {
                using var hit = await client.GetAsync(node.Url("/up/echo/one"));
                Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
                Assert.Equal("HIT", hit.XCache());
                Assert.Contains("/echo/one", await hit.Content.ReadAsStringAsync());
                // The node kept a copy: its next hit is answered from its own memory.
                await new CacheBoardProbe(node).WaitUntilPublishedAsync("/up/echo/one");
            }
            Assert.Equal(1, upstream.Calls);

            // The key's one entity lives on one node: at least one of the other two asked it across the network.
            var remote = 0.0;
            foreach (var node in nodes)
            {
                var samples = await PrometheusText.ScrapeAsync(client, node.Url("/metrics"));
                remote += samples.Value("gateway_cluster_decision_duration_milliseconds_count", ("kind", "cache-lookup"), ("node", "remote")) ?? 0;
            }
            Assert.True(remote >= 1, "no cache lookup was counted as answered on another node");
        });

    [Fact]
    public Task ConcurrentMissesOnThreeNodes_CoalesceIntoOneUpstreamCall() =>
        OnThreeNodesAsync(async (nodes, upstream, client) =>
        {
            var requests = nodes.SelectMany(node => Enumerable.Range(0, 3).Select(_ => client.GetAsync(node.Url("/up/slow/400")))).ToList();
            var responses = await Task.WhenAll(requests);

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Single(responses, r => r.XCache() == "MISS");
            Assert.Equal(1, upstream.Calls);
            foreach (var response in responses) response.Dispose();
        });

    [Fact]
    public Task UnsafeRequestThroughOneNode_DropsTheCopiesOnEveryNode() =>
        OnThreeNodesAsync(async (nodes, upstream, client) =>
        {
            foreach (var node in nodes) (await client.GetAsync(node.Url("/up/echo/item"))).Dispose();
            var boards = nodes.Select(node => new CacheBoardProbe(node)).ToList();
            foreach (var board in boards) await board.WaitUntilPublishedAsync("/up/echo/item");
            Assert.Equal(1, upstream.Calls);

            using (var changed = await client.PostAsync(nodes[1].Url("/up/echo/item"), new StringContent("new")))
                Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

            // The node that answered hid its copy before answering; the others drop theirs one message later.
            Assert.False(boards[1].HoldsFresh("/up/echo/item"));
            foreach (var board in boards) await WhenDroppedAsync(board, "/up/echo/item");
            using var refetched = await client.GetAsync(nodes[2].Url("/up/echo/item"));
            Assert.Equal("MISS", refetched.XCache());
            Assert.Equal(3, upstream.Calls);
        });

    [Fact]
    public async Task EachVariant_RFC9111_4_1_FilledThroughOneNode_IsAHitOnTheOther()
    {
        var (originApp, origin) = await CacheOrigin.StartAsync();
        await using var _ = originApp;
        await OnNodesAsync(2, originApp, async (nodes, client) =>
        {
            const string path = "/up/r/cluster-vary?vary=Accept-Language";
            Task<HttpResponseMessage> Get(RunningApp node, string language) => client.GetWithHeadersAsync(node.Url(path), ("Accept-Language", language));

            using var english = await Get(nodes[0], "en");
            using var french = await Get(nodes[1], "fr");
            // Each fill is told to the key's entity after its response went out: the other node copies what is stored.
            using var englishOnTheOther = await Get(nodes[1], "en");
            using var frenchOnTheOther = await Get(nodes[0], "fr");

            Assert.Equal(["MISS", "MISS", "HIT", "HIT"], new[] { english, french, englishOnTheOther, frenchOnTheOther }.Select(r => r.XCache()));
            Assert.Equal(english.Serial(), englishOnTheOther.Serial());
            Assert.Equal(french.Serial(), frenchOnTheOther.Serial());
            Assert.EndsWith("lang=fr", await frenchOnTheOther.Content.ReadAsStringAsync());
            Assert.Equal(2, origin.CallsTo("cluster-vary"));
        });
    }

    /// <summary>Bounded: the invalidation crosses two nodes' mailboxes, milliseconds even on a loaded machine.</summary>
    private static async Task WhenDroppedAsync(CacheBoardProbe board, string pathAndQuery)
    {
        await board.WaitUntilNotFreshAsync(pathAndQuery, TimeSpan.FromSeconds(5));
        Assert.False(board.HoldsFresh(pathAndQuery), $"{pathAndQuery} is still held after the invalidation");
    }
}
