using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;

namespace Gateway.Web.Cluster;

/// <summary>
/// Makes the actor system a node of a gateway cluster when <c>gateway.cluster.enabled = on</c>:
/// Akka.Remote on the cluster port, Akka.Cluster with the Split Brain Resolver's keep-majority
/// strategy, and either fixed seed nodes or Akka.Management's Cluster Bootstrap over discovery.
/// Off, nothing is added and the process stays one node on its own.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The role every gateway node carries, so other kinds of node could share the cluster later.</summary>
    public const string Role = "gateway";

    public static AkkaConfigurationBuilder WithGatewayCluster(this AkkaConfigurationBuilder akka, ClusterSettings cluster)
    {
        if (!cluster.Enabled) return akka;

        akka.WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port });
        var options = new ClusterOptions
        {
            Roles = [Role],
            // Keep-majority: on a partition the side with most nodes stays, the rest down themselves.
            SplitBrainResolver = new KeepMajorityOption(),
        };
        var discovery = cluster.Discovery;
        if (discovery.Method == ClusterDiscoveryMethod.SeedNodes)
        {
            options.SeedNodes = cluster.SeedNodes.Select(ClusterSettings.AddressOf).ToArray();
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
