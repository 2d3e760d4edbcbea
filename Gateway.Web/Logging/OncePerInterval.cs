namespace Gateway.Web.Logging;

/// <summary>
/// Counts occurrences of something worth a log line and lets one caller per interval write it, with the
/// count since the last line: a flood of the same event costs one line per interval, not one per event.
/// Lock-free; safe from any number of request threads.
/// </summary>
public sealed class OncePerInterval(TimeSpan interval, TimeProvider clock)
{
    private long _sinceLast;
    private long _nextAt;

    public TimeSpan Interval => interval;

    /// <summary>Counts one occurrence; true (with the count since the last line, this one included) when the caller is to write the line.</summary>
    public bool Count(out long sinceLast)
    {
        Interlocked.Increment(ref _sinceLast);
        sinceLast = 0;
        var now = clock.GetTimestamp();
        var due = Interlocked.Read(ref _nextAt);
        if (now < due) return false;
        // One thread wins the line of this interval; the others' occurrences go into the next one's count.
        var next = now + (long)(interval.TotalSeconds * clock.TimestampFrequency);
        if (Interlocked.CompareExchange(ref _nextAt, next, due) != due) return false;
        sinceLast = Interlocked.Exchange(ref _sinceLast, 0);
        return true;
    }
}
