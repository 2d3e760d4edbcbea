using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary><c>gateway.status</c>: the live status page and its JSON twin.</summary>
/// <param name="Path">The page is served at <c>{Path}/</c>, the JSON at <c>{Path}/status.json</c>.</param>
/// <param name="BusiestClients">How many of the most-denied clients the report lists.</param>
public sealed record StatusSettings(bool Enabled, string Path, int BusiestClients)
{
    public const string DefaultPath = "/_gateway";

    public static readonly StatusSettings Default = new(true, DefaultPath, 10);

    public static StatusSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["enabled", "path", "busiest-clients"]);
        return new StatusSettings(
            section.Flag("enabled", Default.Enabled),
            GatewayPath.Read(section.Text("path", Default.Path).Trim(), section.KeyOf("path")),
            section.Count("busiest-clients", Default.BusiestClients, min: 1));
    }
}
