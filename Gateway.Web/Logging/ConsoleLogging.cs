using Gateway.Web.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        WriteInBatches(logging, settings.Format == LogFormat.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
    }

    /// <summary>
    /// Keeps the framework's formatters and their options but swaps its console provider, which writes line
    /// by line, for one that writes in batches (<see cref="ConsoleLineWriter"/>).
    /// </summary>
    private static void WriteInBatches(ILoggingBuilder logging, string formatterName)
    {
        var framework = logging.Services.Where(descriptor =>
            descriptor.ServiceType == typeof(ILoggerProvider) && descriptor.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        foreach (var descriptor in framework) logging.Services.Remove(descriptor);
        logging.Services.AddSingleton<ILoggerProvider>(services => new BatchedConsoleLoggerProvider(
            services.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == formatterName),
            new ConsoleLineWriter(Console.OpenStandardOutput())));
    }
}
