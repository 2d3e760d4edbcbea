using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.AppHost;

/// <summary>
/// Says in the app host's own console when a resource stops by itself with a failure (it could not
/// be started, or its process exited with a non-zero code), with the first line it wrote to stderr.
/// Aspire shows that only in the dashboard: a gateway refusing a broken overlay would otherwise fail
/// silently in the terminal, its one clear line out of sight.
/// </summary>
internal sealed partial class FailedResourceReporter(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    ILogger<FailedResourceReporter> logger) : BackgroundService
{
    // The state change that a process has exited can arrive before its last output does.
    private static readonly TimeSpan ErrorLineWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, FirstErrorLine> _errorLines = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reported = new HashSet<string>();
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            var errorLine = _errorLines.GetOrAdd(change.ResourceId, id => FirstErrorLine.Follow(logs, id, stoppingToken));
            var state = change.Snapshot.State?.Text;
            // Started again (the dashboard's restart): a new failure is worth a new line.
            if (state == KnownResourceStates.Starting) reported.Remove(change.ResourceId);
            // Whatever stops while the app host shuts down was stopped by it.
            if (lifetime.ApplicationStopping.IsCancellationRequested) continue;
            if (!Failed(state, change.Snapshot.ExitCode) || !reported.Add(change.ResourceId)) continue;

            var line = await errorLine.WaitAsync(ErrorLineWait);
            var exit = change.Snapshot.ExitCode is { } code ? $"exit code {code}" : "no exit code";
            if (line is null) ResourceStopped(change.Resource.Name, state!, exit);
            else ResourceStoppedSaying(change.Resource.Name, state!, exit, line);
        }
    }

    private static bool Failed(string? state, int? exitCode) =>
        state == KnownResourceStates.FailedToStart
        || (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished) && exitCode is not null and not 0;

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Resource} stopped ({State}, {Exit}): {ErrorLine}")]
    private partial void ResourceStoppedSaying(string resource, string state, string exit, string errorLine);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Resource} stopped ({State}, {Exit}); it wrote nothing to stderr, its console log is in the dashboard")]
    private partial void ResourceStopped(string resource, string state, string exit);
}
