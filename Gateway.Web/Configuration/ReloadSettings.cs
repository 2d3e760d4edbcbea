using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary><c>gateway.reload</c>: whether the overlay file is watched, and how often it is looked at.</summary>
public sealed record ReloadSettings(bool Enabled, TimeSpan Interval)
{
    public static readonly ReloadSettings Default = new(true, TimeSpan.FromSeconds(1));

    public static ReloadSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["enabled", "interval"]);
        return new ReloadSettings(section.Flag("enabled", Default.Enabled), section.Duration("interval", Default.Interval));
    }
}
