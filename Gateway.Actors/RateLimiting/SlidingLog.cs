namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Exact sliding window: the times of the admitted requests that still count, oldest first, in a ring
/// buffer that never holds more than the quota. A request at <c>now</c> is admitted when fewer than
/// <c>limit</c> admitted requests lie in the half-open interval (now - window, now]; so a request
/// admitted at t stops counting at exactly t + window.
/// </summary>
internal sealed class SlidingLog : IRateAlgorithm
{
    // Most clients make a few requests, so the buffer starts small and grows to the quota only if used.
    private const int InitialCapacity = 16;

    private readonly int _limit;
    private readonly long _window;
    private long[] _stamps;
    private int _head;
    private int _count;
    // Permits set aside for leases: they count against the quota but have no time until settled.
    private int _reserved;

    public SlidingLog(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limit = limit;
        _window = window.Ticks;
        _stamps = new long[Math.Min(limit, InitialCapacity)];
    }

    /// <summary>How many timestamps the buffer holds right now (for tests: never above the quota).</summary>
    internal int Remembered => _count;

    /// <summary>The buffer's allocated length (for tests: never above the quota).</summary>
    internal int Allocated => _stamps.Length;

    public RateVerdict TryAcquire(long now)
    {
        Expire(now);
        if (_count + _reserved >= _limit)
        {
            // With every counted request in the log the edges are exact; reserved permits have no time yet,
            // and the latest they can start counting is now, so they keep the quota for a whole window.
            var resetAfter = _reserved > 0 ? TimeSpan.FromTicks(_window) : Until(Newest + _window, now);
            var retryAfter = _count > 0 ? Until(Oldest + _window, now) : TimeSpan.FromTicks(_window);
            return new RateVerdict(false, 0, resetAfter, retryAfter);
        }

        Append(now);
        var remaining = _limit - _count - _reserved;
        return new RateVerdict(true, remaining, TimeSpan.FromTicks(_window),
            remaining > 0 ? TimeSpan.Zero : _count > 0 ? Until(Oldest + _window, now) : TimeSpan.FromTicks(_window));
    }

    public int RemainingAt(long now)
    {
        Expire(now);
        return Math.Max(0, _limit - _count - _reserved);
    }

    public bool IsIdle(long now)
    {
        Expire(now);
        return _count == 0 && _reserved == 0;
    }

    public LeaseTerms Reserve(long now, int permits)
    {
        Expire(now);
        _reserved = Math.Min(_limit - _count, _reserved + permits);
        // Admitted now or later, each permit stops counting a window after it is settled.
        return new LeaseTerms(_limit - _count - _reserved, TimeSpan.FromTicks(_window), TicksPerPermit: 0);
    }

    public void Settle(long now, int permits, int taken)
    {
        Expire(now);
        _reserved = Math.Max(0, _reserved - permits);
        for (var i = 0; i < taken && _count < _limit; i++) Append(now);
    }

    /// <summary>
    /// A log for a changed policy that keeps the requests that still count under the new window,
    /// the newest ones first if the new quota is smaller.
    /// </summary>
    public SlidingLog Adopt(int limit, TimeSpan window, long now)
    {
        var next = new SlidingLog(limit, window);
        var skip = Math.Max(0, _count - limit);
        for (var i = skip; i < _count; i++)
        {
            var stamp = _stamps[(_head + i) % _stamps.Length];
            if (stamp + next._window > now) next.Append(stamp);
        }
        // Leases still open keep counting: their settlement will land on the new log.
        next._reserved = Math.Min(_reserved, limit - next._count);
        return next;
    }

    private long Oldest => _stamps[_head];

    private long Newest => _stamps[(_head + _count - 1) % _stamps.Length];

    private void Append(long stamp)
    {
        if (_count == _stamps.Length) Grow();
        _stamps[(_head + _count) % _stamps.Length] = stamp;
        _count++;
    }

    private void Expire(long now)
    {
        while (_count > 0 && _stamps[_head] + _window <= now)
        {
            _head = (_head + 1) % _stamps.Length;
            _count--;
        }
    }

    private void Grow()
    {
        var grown = new long[(int)Math.Min(_limit, 2L * _stamps.Length)];
        for (var i = 0; i < _count; i++) grown[i] = _stamps[(_head + i) % _stamps.Length];
        _stamps = grown;
        _head = 0;
    }

    private static TimeSpan Until(long when, long now) => TimeSpan.FromTicks(Math.Max(0, when - now));
}
