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

    /// <summary>Waits (bounded) until every line logged so far is on stdout; see <see cref="ConsoleLineWriter.Flush"/>.</summary>
    public bool Flush(TimeSpan timeout) => _writer.Flush(timeout);

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(string category, BatchedConsoleLoggerProvider provider) : ILogger
    {
        [ThreadStatic] private static LineCapture? t_line;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            provider._scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var capture = t_line ??= new LineCapture();
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, capture);
            if (capture.TakeLine() is { } line) provider._writer.Enqueue(line);
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
