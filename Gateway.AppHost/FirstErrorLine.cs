using System.Globalization;

namespace Gateway.AppHost;

/// <summary>
/// The first line a resource wrote to stderr, followed from Aspire's log stream: a process that
/// refuses to start says why there (the gateway's "gateway: configuration error: ..."), and .NET's
/// "Unhandled exception. ..." comes first, before its stack trace.
/// </summary>
internal sealed class FirstErrorLine
{
    private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FirstErrorLine()
    {
    }

    public static FirstErrorLine Follow(ResourceLoggerService logs, string resourceId, CancellationToken stop)
    {
        var first = new FirstErrorLine();
        _ = first.ReadAsync(logs.WatchAsync(resourceId), stop);
        return first;
    }

    /// <summary>The line, or null if none came within <paramref name="bound"/>.</summary>
    public async Task<string?> WaitAsync(TimeSpan bound)
    {
        try
        {
            return await _line.Task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // Aspire's log lines start with the time they were written; the console line has its own.
    private static string WithoutTimestamp(string content)
    {
        var space = content.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParse(content.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
            ? content[(space + 1)..]
            : content;
    }

    private async Task ReadAsync(IAsyncEnumerable<IReadOnlyList<LogLine>> batches, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in batches.WithCancellation(stop))
            {
                foreach (var line in batch)
                {
                    if (!line.IsErrorMessage || string.IsNullOrWhiteSpace(line.Content)) continue;
                    _line.TrySetResult(WithoutTimestamp(line.Content.Trim()));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The app host is stopping.
        }
    }
}
