using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Gateway.Actors.Wire;
using Gateway.Web.Configuration;

namespace Gateway.Web.Hosting;

/// <summary>
/// Makes the actor system a node of a gateway cluster: Akka.Remote on the cluster port, Akka.Cluster
/// with the Split Brain Resolver's keep-majority strategy, and either fixed seed nodes or
/// Akka.Management's Cluster Bootstrap over discovery. With <c>gateway.cluster.enabled = off</c> the
/// node is a cluster of one (loopback, any free port, joined to itself), so limiters, cache entries and
/// breakers are sharded entities on one node exactly as on many: one code path.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The role every gateway node carries, so other kinds of node could share the cluster later.</summary>
    public const string Role = "gateway";

    /// <summary>
    /// Sharding's defaults, adjusted. Shards are not rebalanced to nodes that join later: moving a shard
    /// restarts its limiters, and a restarted limiter forgets what its client already used. A shard is
    /// placed when first used, on the node with the fewest, so a cluster that is up before traffic comes
    /// spreads evenly anyway. Registering with the coordinator is retried often, so a node serves soon
    /// after it is up.
    /// </summary>
    private const string ShardingHocon = """
        akka.cluster.sharding {
          retry-interval = 200ms
          least-shard-allocation-strategy { rebalance-absolute-limit = 0, rebalance-threshold = 2147483647 }
        }
        """;

    /// <summary>
    /// How long the Split Brain Resolver waits for membership to settle before it downs the unreachable
    /// side: the duration Akka's documentation recommends for clusters of a few nodes (7 s for 5; the
    /// 20 s default is for a hundred). A dead node's shards move that much sooner. An overlay may set
    /// <c>akka.cluster.split-brain-resolver.stable-after</c> for larger clusters.
    /// </summary>
    private const string SplitBrainHocon = "akka.cluster.split-brain-resolver.stable-after = 7s";

    /// <summary>
    /// A cluster of one has nobody to gossip with, heartbeat or watch, so those timers only cost an idle
    /// gateway CPU (docs/benchmarks.md, "Idle CPU"): each wake-up rouses a thread-pool worker. Leader actions
    /// run once a second, the first shortly after start, once the node has joined itself, so it is up at
    /// once rather than at the first of the ticks. The shard region retries registering once a second
    /// (its five a second cost as much as everything else together), so start-up waits up to a second
    /// longer for the coordinator. None of this is safe with peers: a real cluster keeps Akka's defaults.
    /// </summary>
    private const string SingleNodeHocon = """
        akka.cluster {
          periodic-tasks-initial-delay = 250ms
          leader-actions-interval = 1s
          gossip-interval = 5s
          unreachable-nodes-reaper-interval = 5s
          failure-detector.heartbeat-interval = 5s
          sharding.retry-interval = 1s
        }
        akka.remote.watch-failure-detector {
          heartbeat-interval = 5s
          unreachable-nodes-reaper-interval = 5s
        }
        """;

    private static RemoteOptions RemoteOptionsFor(ClusterSettings cluster)
    {
        var remote = new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port };
        if (cluster.Tls is not { Enabled: true, Certificate: { } certificate } tls) return remote;
        remote.EnableSsl = true;
        remote.Ssl = new SslOptions
        {
            X509Certificate = certificate,
            // Both ends authenticate: a node that cannot show a trusted certificate is not a gateway.
            RequireMutualAuthentication = true,
            CustomValidator = tls.Trust == ClusterTlsTrust.Pinned
                ? CertificateValidation.PinnedCertificate([.. tls.PinnedThumbprints])
                : CertificateValidation.ValidateChain(),
        };
        return remote;
    }

    /// <summary>
    /// Room on the wire for the largest message: a cached response travels whole between nodes (a fill to its
    /// key's entity, a copy to the nodes that ask for it), up to the largest <c>max-entry-bytes</c>, with its
    /// headers and the envelope. Akka.Remote's default (128 000 bytes) would drop larger ones.
    /// </summary>
    private static string FrameHocon(long largestCachedEntry) =>
        $"akka.remote.dot-netty.tcp.maximum-frame-size = {Math.Max(128_000, largestCachedEntry + 64 * 1024)}b";

    /// <param name="largestCachedEntry">The largest <c>max-entry-bytes</c> of any cache (see <see cref="FrameHocon"/>).</param>
    public static AkkaConfigurationBuilder WithGatewayCluster(this AkkaConfigurationBuilder akka, ClusterSettings cluster, long largestCachedEntry)
    {
        akka.AddHocon(FrameHocon(largestCachedEntry), HoconAddMode.Prepend);
        akka.AddHocon(ShardingHocon, HoconAddMode.Prepend);
        akka.WithCustomSerializer("gateway-wire", [typeof(IWireMessage)], system => new WireSerializer(system));
        if (!cluster.Enabled)
        {
            akka.AddHocon(SingleNodeHocon, HoconAddMode.Prepend);
            akka.WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 });
            akka.WithClustering(new ClusterOptions { Roles = [Role] });
            // The port is known only once the system has bound it, so the node joins itself then.
            return akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        }

        akka.AddHocon(SplitBrainHocon, HoconAddMode.Append);
        akka.WithRemoting(RemoteOptionsFor(cluster));
        var options = new ClusterOptions
        {
            Roles = [Role],
            // Keep-majority: on a partition the side with most nodes stays, the rest down themselves.
            SplitBrainResolver = new KeepMajorityOption(),
        };
        var discovery = cluster.Discovery;
        if (discovery.Method == ClusterDiscoveryMethod.SeedNodes)
        {
            options.SeedNodes = cluster.SeedNodes.Select(cluster.AddressOf).ToArray();
            return akka.WithClustering(options);
        }

        akka.WithClustering(options);
        akka.WithAkkaManagement(management =>
        {
            management.HostName = cluster.Hostname;
            management.Port = discovery.ManagementPort;
            management.BindHostName = cluster.Hostname;
            management.BindPort = discovery.ManagementPort;
        });
        akka.WithClusterBootstrap(bootstrap =>
        {
            bootstrap.ContactPointDiscovery.ServiceName = discovery.ServiceName;
            bootstrap.ContactPointDiscovery.RequiredContactPointsNr = discovery.RequiredContactPoints;
        }, autoStart: true);
        if (discovery.Method == ClusterDiscoveryMethod.Config)
        {
            akka.WithConfigDiscovery(config =>
            {
                config.Services =
                [
                    new Service { Name = discovery.ServiceName, Endpoints = discovery.Endpoints.Select(e => e.ToString()).ToArray() },
                ];
            });
        }
        else
        {
            akka.WithKubernetesDiscovery(kubernetes =>
            {
                kubernetes.PodLabelSelector = discovery.PodLabelSelector;
                if (discovery.PodNamespace.Length > 0) kubernetes.PodNamespace = discovery.PodNamespace;
            });
        }
        return akka;
    }
}
