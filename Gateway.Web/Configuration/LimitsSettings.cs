using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary><c>gateway.limits</c>: how many client connections the gateway holds at once. Read at start-up.</summary>
/// <param name="MaxConnections">Client connections open at once, WebSockets included; null: derived from the descriptor limit.</param>
public sealed record LimitsSettings(int? MaxConnections)
{
    public static readonly LimitsSettings Default = new((int?)null);

    /// <summary>Descriptors kept for everything that is not a client connection: listeners, files, the cluster, the runtime.</summary>
    public const int ReservedDescriptors = 512;

    /// <summary>The default never goes below this, however low the descriptor limit.</summary>
    public const int LeastDefault = 64;

    public static LimitsSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["max-connections"]);
        var text = section.Text("max-connections", "auto").Trim();
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return Default;
        return new LimitsSettings(section.Count("max-connections", 0, min: 1));
    }

    /// <summary>
    /// The cap in force: the configured one, or half of the descriptors left after the reserve, since a
    /// proxied connection holds a second descriptor upstream (a WebSocket always; a request while it is
    /// forwarded). No descriptor limit known: no cap.
    /// </summary>
    public int? Resolve(long? descriptorLimit)
    {
        if (MaxConnections is { } configured) return configured;
        if (descriptorLimit is not { } limit || limit >= int.MaxValue) return null;
        return (int)Math.Max(LeastDefault, (limit - ReservedDescriptors) / 2);
    }
}
