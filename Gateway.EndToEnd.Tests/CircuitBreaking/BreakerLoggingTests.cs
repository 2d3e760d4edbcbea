using System.Collections.Concurrent;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>Breaker transitions reach the gateway's ordinary logs (the actor system's logging is bridged to ASP.NET's).</summary>
public sealed class BreakerLoggingTests
{
    [Fact]
    public async Task Opening_IsLoggedAsAWarning_WithUpstreamFromToAndFailures()
    {
        await using var system = await GatewayWithFlakyUpstream.StartAsync("gateway.circuit-breaker { max-failures = 3, reset-timeout = 30s }", failing: true);
        using var logs = LogCapture.On(system.Gateway);
        var key = $"up|{system.UpstreamAuthority}";
        var opened = logs.WaitForAsync(line => line.Message.Contains(key) && line.Message.Contains("-> Open"));

        for (var i = 0; i < 3; i++) (await system.GetAsync("/up/flaky")).Dispose();
        var line = await opened.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("Closed -> Open", line.Message);
        Assert.Contains("3 consecutive failures", line.Message);
        Assert.Contains("ServerError 500", line.Message);
    }

    /// <summary>A logger provider added to the running gateway's factory (existing loggers pick it up too).</summary>
    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<(Func<LogLine, bool> Matches, TaskCompletionSource<LogLine> Waiter)> _waiters = new();

        public static LogCapture On(RunningApp gateway)
        {
            var capture = new LogCapture();
            gateway.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
            return capture;
        }

        public Task<LogLine> WaitForAsync(Func<LogLine, bool> matches)
        {
            var waiter = new TaskCompletionSource<LogLine>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((matches, waiter));
            return waiter.Task;
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new LogLine(logLevel, formatter(state, exception));
            foreach (var (matches, waiter) in _waiters)
                if (matches(line)) waiter.TrySetResult(line);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose() { }
    }

    private sealed record LogLine(LogLevel Level, string Message);
}
