using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// The gateway's own side of things: metrics, the status page, shutdown, and the paths it keeps for
/// itself. Read at start-up (a reload validates them but does not move endpoints).
/// </summary>
public sealed record OperationsSettings(ObservabilitySettings Observability, StatusSettings Status, ShutdownSettings Shutdown)
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <summary>
    /// Paths the gateway answers itself, whatever is configured: no route may take them, so a new
    /// route can never hide a health check from an orchestrator or a scrape from Prometheus.
    /// </summary>
    public static readonly IReadOnlyList<string> AlwaysReserved = [StatusSettings.DefaultPath, HealthPath, ReadyPath, "/metrics"];

    public static readonly OperationsSettings Default = new(ObservabilitySettings.Default, StatusSettings.Default, ShutdownSettings.Default);

    /// <summary>Every path (and everything below it) that belongs to the gateway: the fixed ones plus wherever metrics and status were moved.</summary>
    public IReadOnlyList<string> ReservedPaths { get; } =
        AlwaysReserved.Append(Observability.MetricsEndpoint).Append(Status.Path).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public bool IsReserved(string path)
    {
        foreach (var reserved in ReservedPaths)
        {
            if (GatewayPath.IsAtOrBelow(path, reserved)) return true;
        }
        return false;
    }

    public static OperationsSettings Create(ConfigReader gateway, IReadOnlyList<RouteSettings> routes)
    {
        var operations = new OperationsSettings(
            ObservabilitySettings.Create(gateway.Section("observability")),
            StatusSettings.Create(gateway.Section("status")),
            ShutdownSettings.Create(gateway.Section("shutdown")));
        operations.CheckOwnPaths(gateway);
        operations.CheckRoutes(gateway.Section("routes"), routes);
        return operations;
    }

    private void CheckOwnPaths(ConfigReader gateway)
    {
        var health = new[] { HealthPath, ReadyPath };
        if (Observability.MetricsEndpoint is { } metrics && health.Any(h => GatewayPath.IsAtOrBelow(metrics, h)))
            throw new ConfigException(gateway.Section("observability").KeyOf("metrics-endpoint"), $"'{metrics}' is taken by the health checks");
        if (health.Any(h => GatewayPath.IsAtOrBelow(Status.Path, h)) || string.Equals(Status.Path, Observability.MetricsEndpoint, StringComparison.OrdinalIgnoreCase))
            throw new ConfigException(gateway.Section("status").KeyOf("path"), $"'{Status.Path}' is taken by the health checks or the metrics endpoint");
    }

    private void CheckRoutes(ConfigReader routesSection, IReadOnlyList<RouteSettings> routes)
    {
        foreach (var route in routes)
        {
            var key = $"{routesSection.KeyOf(route.Id)}.prefix";
            if (ReservedPaths.FirstOrDefault(reserved => GatewayPath.IsAtOrBelow(route.Prefix, reserved)) is { } taken)
                throw new ConfigException(key,
                    $"'{route.Prefix}' is inside '{taken}', which the gateway serves itself ({string.Join(", ", ReservedPaths)} are reserved)");
            // The other way round: a gateway endpoint moved below a route's prefix would silently take
            // that path away from the route's upstream. Only the catch-all "/" is expected to give way.
            if (route.Prefix != "/" && ReservedPaths.FirstOrDefault(reserved => GatewayPath.IsAtOrBelow(reserved, route.Prefix)) is { } inside)
                throw new ConfigException(key,
                    $"'{route.Prefix}' would contain the gateway's own '{inside}'; move the endpoint or the route");
        }
    }
}
