using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// <c>gateway.shutdown</c>: on SIGTERM (or Ctrl+C) the gateway stops accepting at once and gives the
/// requests in flight this long to finish before it cuts them off and stops the actor system.
/// </summary>
public sealed record ShutdownSettings(TimeSpan GracePeriod)
{
    public static readonly ShutdownSettings Default = new(TimeSpan.FromSeconds(30));

    public static ShutdownSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["grace-period"]);
        return new ShutdownSettings(section.Duration("grace-period", Default.GracePeriod, allowZero: true));
    }
}
