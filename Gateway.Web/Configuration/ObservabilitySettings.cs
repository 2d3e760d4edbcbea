using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// <c>gateway.observability</c>: where Prometheus scrapes (or <c>off</c>) and how often the actors'
/// own statistics are fetched for the observable gauges and the status page.
/// </summary>
/// <param name="MetricsEndpoint">The scrape path, or null when the endpoint is closed.</param>
/// <param name="StatsInterval">One Ask per actor kind per interval, never one per scrape.</param>
public sealed record ObservabilitySettings(string? MetricsEndpoint, TimeSpan StatsInterval)
{
    public static readonly ObservabilitySettings Default = new("/metrics", TimeSpan.FromSeconds(2));

    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(100);

    public static ObservabilitySettings Create(ConfigReader section)
    {
        section.RejectUnknown(["metrics-endpoint", "stats-interval"]);
        var endpoint = section.Text("metrics-endpoint", Default.MetricsEndpoint).Trim();
        var metrics = endpoint.ToLowerInvariant() is "off" or "false" or "no" or "" ? null : GatewayPath.Read(endpoint, section.KeyOf("metrics-endpoint"));
        var interval = section.Duration("stats-interval", Default.StatsInterval);
        if (interval < ShortestInterval)
            throw new ConfigException(section.KeyOf("stats-interval"), $"must be at least {ShortestInterval.TotalMilliseconds}ms, got {interval.TotalMilliseconds}ms");
        return new ObservabilitySettings(metrics, interval);
    }
}
