namespace Gateway.Web.Observability;

/// <summary>
/// Endpoint metadata on what the gateway serves itself (health, metrics, status). Such requests are
/// not proxied requests: they get no proxy span and do not count in the request metrics, so a
/// scraper or a probe never shows up as traffic.
/// </summary>
public sealed class GatewayOwnedEndpoint
{
    public static readonly GatewayOwnedEndpoint Instance = new();

    private GatewayOwnedEndpoint() { }
}
