using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Web.Logging;

/// <summary>
/// The console logger with the framework's own formatter (JSON or simple, configured as usual) and the
/// writing done by a <see cref="ConsoleLineWriter"/>, which batches lines instead of writing one at a time.
/// </summary>
public sealed class BatchedConsoleLoggerProvider(ConsoleFormatter formatter, ConsoleLineWriter writer) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter = formatter;
    private readonly ConsoleLineWriter _writer = writer;
    private IExternalScopeProvider? _scopes;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(string category, BatchedConsoleLoggerProvider provider) : ILogger
    {
        /// <summary>Big enough for any request line; a buffer grown past it by a long exception is let go.</summary>
        private const int KeptBufferChars = 4096;

        [ThreadStatic] private static StringWriter? t_line;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            provider._scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = t_line ??= new StringWriter(CultureInfo.InvariantCulture);
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, line);
            var text = line.GetStringBuilder();
            if (text.Length == 0) return;
            provider._writer.Enqueue(text.ToString());
            text.Clear();
            if (text.Capacity > KeptBufferChars) t_line = null;
        }
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
