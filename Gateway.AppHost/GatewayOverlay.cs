using Microsoft.Extensions.Configuration;

namespace Gateway.AppHost;

/// <summary>
/// The gateway's HOCON overlay named where the app host was started
/// (<c>GATEWAY_CONFIG=my.hocon dotnet run --project Gateway.AppHost</c>), as an absolute path.
/// </summary>
internal static class GatewayOverlay
{
    public const string EnvironmentVariable = "GATEWAY_CONFIG";

    /// <summary>
    /// The absolute path, or null without an overlay. `dotnet run` starts the app host in its
    /// project folder and Aspire the gateway in its own, so a relative path is taken from the
    /// shell's folder ($PWD, which both keep).
    /// </summary>
    public static string? FromShell(IConfiguration configuration)
    {
        if (configuration[EnvironmentVariable] is not { Length: > 0 } overlay) return null;
        var shellFolder = Environment.GetEnvironmentVariable("PWD") is { } pwd && Path.IsPathRooted(pwd) ? pwd : Environment.CurrentDirectory;
        var path = Path.GetFullPath(overlay, shellFolder);
        if (!File.Exists(path)) throw new FileNotFoundException($"{EnvironmentVariable} names {path}, which does not exist", path);
        return path;
    }
}
