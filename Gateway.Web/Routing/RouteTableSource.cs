using Gateway.Web.Configuration;

namespace Gateway.Web.Routing;

/// <summary>
/// Holds the configuration in force and the route table built from it. Readers take the current
/// reference without locking; a reload builds a whole new pair and swaps it in one write, then tells
/// whoever keeps state derived from it (the breakers).
/// </summary>
public sealed class RouteTableSource
{
    private volatile Snapshot _current;

    public RouteTableSource(GatewaySettings settings)
    {
        _current = new Snapshot(settings, new RouteTable(settings.Routes));
    }

    public RouteTable Current => _current.Table;

    public GatewaySettings Settings => _current.Settings;

    /// <summary>Raised after each swap, on the thread that made it.</summary>
    public event Action<GatewaySettings>? Replaced;

    public void Replace(GatewaySettings settings)
    {
        _current = new Snapshot(settings, new RouteTable(settings.Routes));
        Replaced?.Invoke(settings);
    }

    private sealed record Snapshot(GatewaySettings Settings, RouteTable Table);
}
