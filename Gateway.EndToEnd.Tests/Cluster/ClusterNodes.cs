using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Balancing;
using Gateway.Web.Hosting;
using Gateway.Web.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>Real gateway nodes in this test process, each with its own HTTP port and cluster port on loopback.</summary>
public static class ClusterNodes
{
    /// <summary>
    /// A free loopback port for the first node's cluster port, which the others must know before it
    /// starts (every other node takes port 0). Released before use, so another process could take it in
    /// between; on loopback in a test run that has not been seen.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Overlay(int port, int seedPort, string extra = "") => $$"""
        gateway.cluster { enabled = on, hostname = "127.0.0.1", port = {{port}}, seed-nodes = ["127.0.0.1:{{seedPort}}"] }
        {{extra}}
        """;

    /// <summary>Starts <paramref name="count"/> nodes: the first is the seed, the others join through it.</summary>
    public static async Task<RunningApp[]> StartAsync(int count, string extra = "")
    {
        var seedPort = FreePort();
        var nodes = new List<RunningApp>();
        try
        {
            nodes.Add(await TestGateway.StartAsync(Overlay(seedPort, seedPort, extra)));
            for (var i = 1; i < count; i++) nodes.Add(await TestGateway.StartAsync(Overlay(0, seedPort, extra)));
            return nodes.ToArray();
        }
        catch
        {
            await StopAsync(nodes);
            throw;
        }
    }

    /// <summary>Starts one more node that joins the cluster of <paramref name="seed"/> (started by <see cref="StartAsync"/>).</summary>
    public static async Task<RunningApp> JoinAsync(RunningApp seed, string extra = "")
    {
        var seedPort = Akka.Cluster.Cluster.Get(seed.App.Services.GetRequiredService<ActorSystem>()).SelfAddress.Port
            ?? throw new InvalidOperationException("the seed node has no cluster port");
        return await TestGateway.StartAsync(Overlay(0, seedPort, extra));
    }

    /// <summary>Waits until every node sees all of them up and its shard regions are registered (bounded).</summary>
    public static async Task WhenReadyAsync(IReadOnlyList<RunningApp> nodes, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var node in nodes)
        {
            var system = node.App.Services.GetRequiredService<ActorSystem>();
            await ClusterSignals.WhenAsync(system, ClusterSignals.AllUp(nodes.Count), timeout);
            var limiters = node.App.Services.GetRequiredService<IRequiredActor<RateLimiterRegion>>();
            var breakers = node.App.Services.GetRequiredService<IRequiredActor<BreakerRegion>>();
            await ClusterStartup.WhenRegionsAreReadyAsync(system, [limiters.ActorRef, breakers.ActorRef], deadline.Token);
        }
    }

    public static async Task StopAsync(IEnumerable<RunningApp> nodes)
    {
        foreach (var node in nodes.Reverse()) await node.DisposeAsync();
    }
}
