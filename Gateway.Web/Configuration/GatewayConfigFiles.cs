using Akka.Configuration;
using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// Finds and parses the HOCON: the defaults shipped beside the binary, with the overlay named by
/// <c>--config FILE</c> or <c>GATEWAY_CONFIG</c> laid over them (the overlay's keys win).
/// </summary>
public static class GatewayConfigFiles
{
    public const string EnvironmentVariable = "GATEWAY_CONFIG";
    public const string ConfigArgument = "--config";

    public static string DefaultsPath => Path.Combine(AppContext.BaseDirectory, "hocon", "gateway.hocon");

    /// <summary>The overlay path from the command line (wins) or the environment, or null.</summary>
    public static string? OverlayPath(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == ConfigArgument)
            {
                if (i + 1 >= args.Count) throw new ConfigException(ConfigArgument, "needs a file path");
                return args[i + 1];
            }
            if (args[i].StartsWith(ConfigArgument + "=", StringComparison.Ordinal))
                return args[i][(ConfigArgument.Length + 1)..];
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }

    /// <summary>The args without <c>--config FILE</c>, so ASP.NET's own command-line parsing never sees it.</summary>
    public static string[] WithoutConfigArgument(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == ConfigArgument) { i++; continue; }
            if (args[i].StartsWith(ConfigArgument + "=", StringComparison.Ordinal)) continue;
            rest.Add(args[i]);
        }
        return rest.ToArray();
    }

    public static Config Load(string? overlayPath)
    {
        var defaults = Parse(DefaultsPath);
        return overlayPath is null ? defaults : Parse(overlayPath).WithFallback(defaults);
    }

    public static Config Parse(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, $"cannot read the file ({e.Message})");
        }
        return ParseText(text, path);
    }

    public static Config ParseText(string text, string origin)
    {
        HoconStructure.Check(text, origin);
        text = HoconFieldCommas.AsNewlines(text, origin);
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new ConfigException(origin, $"not valid HOCON: {OneLine(e.Message)}");
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
