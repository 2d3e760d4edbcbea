using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gateway.AppHost;

/// <summary>
/// How many gateways the app host starts (<c>GATEWAY_NODES</c>, 1 by default) and where each
/// listens. Several form one Akka.Cluster on loopback: node i serves HTTP on 8000 + 10·i and cluster
/// traffic on 4053 + i, and the first node is the seed that every node joins through.
/// </summary>
internal static class GatewayNodes
{
    public const string Setting = "GATEWAY_NODES";

    // 8000..8090 and 4053..4062 stay clear of the services' 8001/8002 and of each other.
    private const int Most = 10;
    private const int FirstClusterPort = 4053;

    public static int Count(IConfiguration configuration)
    {
        var text = configuration[Setting];
        if (string.IsNullOrWhiteSpace(text)) return 1;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= Most) return count;
        throw new ArgumentException($"{Setting} is '{text}'; it takes a number of gateways from 1 to {Most}");
    }

    public static int HttpPort(int node) => AppPorts.Gateway + 10 * node;

    /// <summary>"gateway" when alone; "gateway-1", "gateway-2", ... in a cluster.</summary>
    public static string Name(int node, int nodes) => nodes == 1 ? "gateway" : $"gateway-{node + 1}";

    /// <summary>
    /// Writes node <paramref name="node"/>'s overlay and returns its path: the user's overlay (if
    /// any) with the node's cluster block after it, so the block wins. The gateway reads one overlay
    /// file, so the user's is copied in; edits to it reach the nodes when the app host restarts.
    /// </summary>
    public static string WriteOverlay(int node, string? userOverlay)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "gateway-nodes")).FullName;
        var path = Path.Combine(folder, $"node-{FirstClusterPort + node}.hocon");
        var user = userOverlay is null ? "" : $"# from {userOverlay}\n{File.ReadAllText(userOverlay)}\n";
        var cluster = $$"""
            # written by Gateway.AppHost ({{Setting}}): node {{node + 1}}, the first is the seed
            gateway.cluster { enabled = on, hostname = "127.0.0.1", port = {{FirstClusterPort + node}}, seed-nodes = ["127.0.0.1:{{FirstClusterPort}}"] }

            """;
        File.WriteAllText(path, user + cluster);
        return path;
    }
}
