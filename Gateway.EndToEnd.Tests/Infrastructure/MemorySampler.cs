using System.Diagnostics;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Watches this process's managed heap and working set while a transfer runs, to show that bodies
/// stream through with flat memory rather than being held whole.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        BaselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        BaselineWorkingSet = Process.GetCurrentProcess().WorkingSet64;
        PeakHeap = BaselineHeap;
        PeakWorkingSet = BaselineWorkingSet;
        _loop = Task.Run(SampleAsync);
    }

    public long BaselineHeap { get; }
    public long BaselineWorkingSet { get; }
    public long PeakHeap { get; private set; }
    public long PeakWorkingSet { get; private set; }

    public long HeapGrowth => PeakHeap - BaselineHeap;
    public long WorkingSetGrowth => PeakWorkingSet - BaselineWorkingSet;

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (await timer.WaitForNextTickAsync(CancellationToken.None) && !_stop.IsCancellationRequested)
        {
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
            process.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}
