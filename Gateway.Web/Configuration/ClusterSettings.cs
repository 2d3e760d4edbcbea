using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// <c>gateway.cluster</c>: whether this node joins a cluster of gateways, where it listens for cluster
/// traffic, and how it finds the others. Off (the default) keeps one process on its own.
/// </summary>
/// <param name="Hostname">Bound and advertised for cluster traffic; the port is private (bind it to an internal interface).</param>
/// <param name="Port">The cluster port; 0 takes any free port.</param>
/// <param name="SeedNodes">With <c>discovery.method = seed-nodes</c>: the nodes to join through, tried in order.</param>
/// <remarks>
/// <c>rate-limit-fallback</c>, default on: while the node holding a client's limiter is out of reach, this
/// node decides that client's requests itself within its share of the quota (see <c>RateLimitFallback</c>).
/// Off: those requests wait for the limiter and get 503 when it does not answer.
/// </remarks>
public sealed record ClusterSettings(
    bool Enabled,
    string Hostname,
    int Port,
    IReadOnlyList<ClusterEndpoint> SeedNodes,
    ClusterDiscoverySettings Discovery,
    ClusterTlsSettings Tls)
{
    /// <summary>The actor system's name, part of every cluster address: every gateway node must use the same one.</summary>
    public const string SystemName = "gateway";

    public static readonly ClusterSettings Default = new(false, "127.0.0.1", 4053, [], ClusterDiscoverySettings.Default, ClusterTlsSettings.Off);

    public bool RateLimitFallback { get; init; } = true;

    public static ClusterSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["enabled", "hostname", "hostname-env", "port", "seed-nodes", "discovery", "tls", "rate-limit-fallback"]);
        var hostname = section.Text("hostname", Default.Hostname).Trim();
        // Where every node has its own address, known only when it starts (a Kubernetes pod's IP).
        var hostnameEnv = section.Text("hostname-env", "").Trim();
        if (hostnameEnv.Length > 0)
            hostname = Environment.GetEnvironmentVariable(hostnameEnv)?.Trim()
                ?? throw new ConfigException(section.KeyOf("hostname-env"), $"names the environment variable '{hostnameEnv}', which is not set");
        if (hostname.Length == 0) throw new ConfigException(section.KeyOf("hostname"), "must not be empty");
        var seedKey = section.KeyOf("seed-nodes");
        var seeds = section.Texts("seed-nodes")
            .Select((text, i) => ClusterEndpoint.Parse(text, $"{seedKey}[{i}]"))
            .ToList();
        var settings = new ClusterSettings(
            section.Flag("enabled", Default.Enabled),
            hostname,
            (int)section.Number("port", Default.Port, min: 0, max: 65535),
            seeds,
            ClusterDiscoverySettings.Create(section.Section("discovery")),
            ClusterTlsSettings.Create(section.Section("tls")))
        {
            RateLimitFallback = section.Flag("rate-limit-fallback", Default.RateLimitFallback),
        };
        if (settings.Enabled && settings.Discovery.Method == ClusterDiscoveryMethod.SeedNodes && seeds.Count == 0)
            throw new ConfigException(seedKey,
                "must name at least one host:port when the cluster is enabled with discovery.method = seed-nodes (a first node lists itself)");
        return settings;
    }

    /// <summary>The Akka address of a seed, e.g. <c>akka.tcp://gateway@10.0.0.2:4053</c> (<c>akka.ssl.tcp</c> with TLS).</summary>
    public string AddressOf(ClusterEndpoint seed) => $"{(Tls.Enabled ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{seed}";
}

/// <summary>A <c>host:port</c> of a cluster node (an IPv6 host in brackets: <c>[::1]:4053</c>).</summary>
public sealed record ClusterEndpoint(string Host, int Port)
{
    public static ClusterEndpoint Parse(string text, string key)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        var host = colon > 0 ? trimmed[..colon] : "";
        if (host.StartsWith('[') != host.EndsWith(']'))
            throw new ConfigException(key, $"'{text}' is not host:port (an IPv6 host goes in brackets: [::1]:4053)");
        var bare = host.Trim('[', ']');
        if (colon <= 0 || bare.Length == 0 || (bare.Contains(':') && !host.StartsWith('['))
            || Uri.CheckHostName(bare) == UriHostNameType.Unknown)
            throw new ConfigException(key, $"'{text}' is not host:port (e.g. \"10.0.0.2:4053\")");
        if (!int.TryParse(trimmed[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
            throw new ConfigException(key, $"'{text}' has no valid port (1-65535)");
        return new ClusterEndpoint(host, port);
    }

    public override string ToString() => $"{Host}:{Port}";
}

public enum ClusterDiscoveryMethod
{
    /// <summary>Join through the listed <c>seed-nodes</c>.</summary>
    SeedNodes,
    /// <summary>Akka.Management Cluster Bootstrap over a fixed list of management endpoints (<c>discovery.endpoints</c>).</summary>
    Config,
    /// <summary>Akka.Management Cluster Bootstrap over the pods the Kubernetes API lists for <c>discovery.service-name</c>.</summary>
    KubernetesApi,
}

/// <summary>
/// <c>gateway.cluster.discovery</c>: how a node finds the others. With <c>config</c> or
/// <c>kubernetes-api</c>, Akka.Management's Cluster Bootstrap contacts each candidate's management
/// port and forms (or joins) the cluster once <see cref="RequiredContactPoints"/> agree.
/// </summary>
/// <param name="Endpoints">With <c>config</c>: the <c>host:port</c> of every node's management endpoint.</param>
/// <param name="ManagementPort">This node's Akka.Management HTTP port (bootstrap methods only); private, like the cluster port.</param>
/// <param name="PodLabelSelector">With <c>kubernetes-api</c>: the label selector, <c>%s</c> standing for the service name.</param>
/// <param name="PodNamespace">With <c>kubernetes-api</c>: the namespace; empty: the pod's own.</param>
public sealed record ClusterDiscoverySettings(
    ClusterDiscoveryMethod Method,
    string ServiceName,
    int RequiredContactPoints,
    int ManagementPort,
    IReadOnlyList<ClusterEndpoint> Endpoints,
    string PodLabelSelector,
    string PodNamespace)
{
    public static readonly ClusterDiscoverySettings Default =
        new(ClusterDiscoveryMethod.SeedNodes, "gateway", 2, 8558, [], "app=%s", "");

    public static ClusterDiscoverySettings Create(ConfigReader section)
    {
        section.RejectUnknown(["method", "service-name", "required-contact-points", "management-port", "endpoints", "pod-label-selector", "pod-namespace"]);
        var methodText = section.Text("method", "seed-nodes").Trim();
        var method = methodText switch
        {
            "seed-nodes" => ClusterDiscoveryMethod.SeedNodes,
            "config" => ClusterDiscoveryMethod.Config,
            "kubernetes-api" => ClusterDiscoveryMethod.KubernetesApi,
            _ => throw new ConfigException(section.KeyOf("method"), $"'{methodText}' is not a discovery method (use seed-nodes, config or kubernetes-api)"),
        };
        var endpointsKey = section.KeyOf("endpoints");
        var endpoints = section.Texts("endpoints").Select((text, i) => ClusterEndpoint.Parse(text, $"{endpointsKey}[{i}]")).ToList();
        if (method == ClusterDiscoveryMethod.Config && endpoints.Count == 0)
            throw new ConfigException(endpointsKey, "must name the host:port of every node's management endpoint when method = config");
        var serviceName = section.Text("service-name", Default.ServiceName).Trim();
        if (serviceName.Length == 0) throw new ConfigException(section.KeyOf("service-name"), "must not be empty");
        return new ClusterDiscoverySettings(
            method,
            serviceName,
            section.Count("required-contact-points", Default.RequiredContactPoints, min: 1),
            (int)section.Number("management-port", Default.ManagementPort, min: 0, max: 65535),
            endpoints,
            section.Text("pod-label-selector", Default.PodLabelSelector),
            section.Text("pod-namespace", Default.PodNamespace));
    }
}
