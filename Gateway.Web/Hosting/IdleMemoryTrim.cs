using Gateway.Web.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Hosting;

/// <summary>
/// Gives memory back to the system once the gateway has gone quiet after a peak. A burst of distinct clients
/// leaves the GC with hundreds of MiB committed after their limiters have passivated, and a quiet process
/// makes no collection that would return it: 100,000 clients left 450-550 MiB resident with 26 MiB of live
/// heap; one aggressive collection brought it to about 115 MiB (docs/benchmarks.md, "Memory after a peak").
/// So, every <see cref="Interval"/>: when no request is running and next to nothing was allocated since the
/// last look, and the GC holds well over the least it has held after such a collection, collect once with
/// <see cref="GCCollectionMode.Aggressive"/>. A collection that returns little makes it wait longer for the
/// next one (a full cache is memory in use, not waste); traffic resets that.
/// </summary>
public sealed partial class IdleMemoryTrim(InFlightRequests inFlight, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleTrimPolicy(GC.GetGCMemoryInfo().TotalCommittedBytes);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
                if (!policy.ShouldTrim(inFlight.Count == 0, GC.GetTotalAllocatedBytes(precise: false), committed)) continue;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
                policy.Trimmed(committed, after);
                LogTrimmed(logger, committed / (1024 * 1024), after / (1024 * 1024));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Quiet after a peak: memory held by the GC {BeforeMiB} MiB -> {AfterMiB} MiB")]
    private static partial void LogTrimmed(ILogger logger, long beforeMiB, long afterMiB);
}
