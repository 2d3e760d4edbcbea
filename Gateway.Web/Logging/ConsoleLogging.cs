using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Web.Logging;

public static class ConsoleLogging
{
    /// <summary>Replaces the default providers with one console logger in the configured format and level.</summary>
    public static void Configure(ILoggingBuilder logging, LoggingSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(settings.Level);
        // ASP.NET's own per-request lines repeat ours and carry the full URL, query string and all,
        // where a secret may ride; the request line of Gateway.Requests is the one that counts.
        logging.AddFilter("Microsoft.AspNetCore", settings.Level > LogLevel.Warning ? settings.Level : LogLevel.Warning);
        if (settings.Format == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.IncludeScopes = false;
            });
        }
        else
        {
            logging.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.UseUtcTimestamp = true;
                text.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
