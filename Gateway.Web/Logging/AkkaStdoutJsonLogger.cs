using System.Text.Json;
using Akka.Event;

namespace Gateway.Web.Logging;

/// <summary>
/// Akka's logger of last resort (<c>akka.stdout-logger-class</c>): what Akka logs while no real logger
/// runs, at the very start and after the loggers have stopped at the end of shutdown (remoting's and the
/// cluster's last lines). Written as the same JSON lines as every other log line, since stdout carries
/// nothing else; each is written whole and flushed at once, as the process may be about to exit.
/// </summary>
public sealed class AkkaStdoutJsonLogger : MinimalLogger
{
    public const string ConfigValue = "akka.stdout-logger-class = \"Gateway.Web.Logging.AkkaStdoutJsonLogger, Gateway.Web\"";

    private static readonly object Gate = new();

    protected override void Log(object message)
    {
        if (message is not LogEvent logEvent) return;
        var line = JsonSerializer.Serialize(new
        {
            Timestamp = logEvent.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            EventId = 0,
            LogLevel = logEvent.LogLevel() switch
            {
                Akka.Event.LogLevel.DebugLevel => "Debug",
                Akka.Event.LogLevel.InfoLevel => "Information",
                Akka.Event.LogLevel.WarningLevel => "Warning",
                _ => "Error",
            },
            Category = "Akka.Actor.ActorSystem",
            Message = $"[{logEvent.LogSource}] {logEvent}",
        });
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
