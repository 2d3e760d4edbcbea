using System.Diagnostics;

namespace WsLoad;

/// <summary>Round-trip times of one connection (only one writer, so no locking); merged and sorted once at the end.</summary>
public sealed class LatencyRecorder
{
    private readonly List<long> ticks = new(capacity: 4096);

    public int Count => ticks.Count;

    public void Record(long elapsedTicks) => ticks.Add(elapsedTicks);

    /// <summary>All samples in milliseconds, ascending.</summary>
    public static double[] MergeSortedMilliseconds(IEnumerable<LatencyRecorder> recorders)
    {
        var all = recorders.SelectMany(r => r.ticks).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>The nearest-rank percentile (the smallest sample with at least q of the samples at or below it).</summary>
    public static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
