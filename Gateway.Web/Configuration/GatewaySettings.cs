using System.Net;
using Akka.Configuration;
using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>Everything the gateway reads from <c>gateway { ... }</c>, validated as a whole before anything starts.</summary>
public sealed record GatewaySettings(
    IReadOnlyList<RouteSettings> Routes,
    RouteDefaults Defaults,
    IReadOnlyList<IPNetwork> TrustedProxies,
    LoggingSettings Logging,
    ReloadSettings Reload,
    OperationsSettings Operations,
    ClusterSettings Cluster,
    LimitsSettings Limits)
{
    public static readonly IReadOnlyCollection<string> KnownSections =
        ["routes", "rate-limit", "cache", "circuit-breaker", "websocket", "auth", "forwarded-headers", "logging", "reload",
         "observability", "status", "shutdown", "cluster", "limits"];

    public static GatewaySettings Create(Config config)
    {
        if (!config.HasPath("gateway")) throw new ConfigException("gateway", "is required");
        var gateway = new ConfigReader(config.GetConfig("gateway"), "gateway");
        gateway.RejectUnknown(KnownSections);

        var defaults = RouteDefaults.Create(gateway);
        var routesSection = gateway.Section("routes");
        var routes = routesSection.Keys().Select(id => RouteSettings.Create(id, routesSection.Section(id), defaults)).ToList();
        RejectDuplicatePrefixes(routes, routesSection);

        return new GatewaySettings(
            routes,
            defaults,
            ReadTrustedProxies(gateway.Section("forwarded-headers")),
            LoggingSettings.Create(gateway.Section("logging")),
            ReloadSettings.Create(gateway.Section("reload")),
            OperationsSettings.Create(gateway, routes),
            // Read at start-up only: a node cannot move its cluster address or change clusters while it runs.
            ClusterSettings.Create(gateway.Section("cluster")),
            // Read at start-up only: Kestrel's endpoints are configured once.
            LimitsSettings.Create(gateway.Section("limits")));
    }

    private static void RejectDuplicatePrefixes(IReadOnlyList<RouteSettings> routes, ConfigReader section)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            if (seen.TryGetValue(route.Prefix, out var other))
                throw new ConfigException($"{section.KeyOf(route.Id)}.prefix", $"'{route.Prefix}' is already the prefix of route '{other}'");
            seen[route.Prefix] = route.Id;
        }
    }

    private static IReadOnlyList<IPNetwork> ReadTrustedProxies(ConfigReader section)
    {
        section.RejectUnknown(["trusted-proxies"]);
        var key = section.KeyOf("trusted-proxies");
        return section.Texts("trusted-proxies").Select((text, i) =>
        {
            if (IPNetwork.TryParse(text, out var network)) return network;
            // A bare address is a network of one.
            if (IPAddress.TryParse(text, out var address))
                return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            throw new ConfigException($"{key}[{i}]", $"'{text}' is not a CIDR (e.g. 10.0.0.0/8) or an IP address");
        }).ToList();
    }
}
