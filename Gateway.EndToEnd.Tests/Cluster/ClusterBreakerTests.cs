using System.Net;
using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// One breaker per upstream in the whole cluster: failures seen by every node count toward it, its
/// state reaches every node's board, and a half-open breaker lets exactly one probe through in total.
/// </summary>
public sealed class ClusterBreakerTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);
    // Longer than the breaker's 8 s open period, which the probe step waits out.
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task FailuresSpreadOverThreeNodes_OpenTheBreakerOnAllOfThem_AndOneProbeGoesThroughInTotal()
    {
        var (upstreamApp, upstream) = await TestUpstream.StartAsync();
        await using var _ = upstreamApp;
        var nodes = await ClusterNodes.StartAsync(3, $$"""
            gateway.routes { up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] } }
            gateway.circuit-breaker { max-failures = 6, reset-timeout = 8s, reset-jitter = 0 }
            """);
        try
        {
            await ClusterNodes.WhenReadyAsync(nodes, Ready);
            using var client = TestClients.Http();

            // Two failures through each node: six in all, as many as the breaker allows.
            foreach (var node in nodes)
                for (var i = 0; i < 2; i++)
                {
                    using var failed = await client.GetAsync(node.Url("/up/status/500"));
                    Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
                }

            foreach (var node in nodes) await WhenBoardSaysAsync(node, BreakerState.Open);
            var callsWhenOpen = upstream.Calls;
            foreach (var node in nodes)
            {
                using var refused = await client.GetAsync(node.Url("/up/echo/x"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            }
            Assert.Equal(callsWhenOpen, upstream.Calls);

            // Once the open period is over every node wants to probe; the one breaker lets one through.
            foreach (var node in nodes) await WhenDueAsync(node);
            var attempts = nodes.SelectMany(node => Enumerable.Range(0, 4).Select(_ => client.GetAsync(node.Url("/up/slow/300")))).ToList();
            var responses = await Task.WhenAll(attempts);

            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
            Assert.Equal(callsWhenOpen + 1, upstream.Calls);
            foreach (var node in nodes) await WhenBoardSaysAsync(node, BreakerState.Closed);
            foreach (var response in responses) response.Dispose();
        }
        finally
        {
            await ClusterNodes.StopAsync(nodes);
        }
    }

    /// <summary>The route's breaker as this node's board shows it, or null while the node has not heard of it.</summary>
    private static BreakerSnapshot? SnapshotOn(RunningApp node) =>
        node.App.Services.GetRequiredService<BreakerBoard>().All().SingleOrDefault(s => s.Upstream.StartsWith("up|", StringComparison.Ordinal));

    /// <summary>A node's board reaches the state (published by the one breaker, wherever it lives); bounded.</summary>
    private static async Task WhenBoardSaysAsync(RunningApp node, BreakerState state)
    {
        await Eventually.MatchesAsync(() => Task.FromResult(SnapshotOn(node)?.State), seen => seen == state, $"the node's board to say {state}", Bounded);
        Assert.Equal(state, SnapshotOn(node)?.State);
    }

    /// <summary>The node's clock is past the open period the board shows; bounded by the reset timeout.</summary>
    private static async Task WhenDueAsync(RunningApp node)
    {
        var system = node.App.Services.GetRequiredService<ActorSystem>();
        await Eventually.MatchesAsync(() => Task.FromResult(SnapshotOn(node)?.Decide(system.Scheduler.Now).Verdict), verdict => verdict == BreakerVerdict.AskForProbe,
            "the node's board to let a probe through", Bounded);
        Assert.Equal(BreakerVerdict.AskForProbe, SnapshotOn(node)?.Decide(system.Scheduler.Now).Verdict);
    }
}
