using Gateway.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Configuration;

/// <summary><c>gateway.logging</c>: the console format, the least level written, and whether each request gets its line.</summary>
public sealed record LoggingSettings(LogFormat Format, LogLevel Level, bool Requests)
{
    public static readonly LoggingSettings Default = new(LogFormat.Json, LogLevel.Information, true);

    public static LoggingSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["format", "level", "requests"]);
        var format = section.Text("format", "json").Trim().ToLowerInvariant() switch
        {
            "json" => LogFormat.Json,
            "text" => LogFormat.Text,
            var other => throw new ConfigException(section.KeyOf("format"), $"'{other}' is not a format (json or text)"),
        };
        var level = section.Text("level", "info").Trim().ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            "off" or "none" => LogLevel.None,
            var other => throw new ConfigException(section.KeyOf("level"), $"'{other}' is not a level (trace, debug, info, warning, error, critical, off)"),
        };
        return new LoggingSettings(format, level, section.Flag("requests", Default.Requests));
    }
}

public enum LogFormat
{
    /// <summary>One JSON object per line (the framework's JSON console formatter), for machines.</summary>
    Json,
    /// <summary>One plain line per entry, for people at a terminal.</summary>
    Text,
}
