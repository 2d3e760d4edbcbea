namespace Gateway.Actors.RateLimiting;

/// <summary>
/// How many permits a <see cref="PermitLease"/> holds and for how long. A lease grows while its client
/// uses leases up (doubling, up to <see cref="MaxPermits"/>) and shrinks to what was used when one
/// expires; it never holds more than half of what the client has left, so the last permits before a
/// client's limit are decided one by one, and a lease smaller than <see cref="MinPermits"/> is not worth
/// its timer.
/// </summary>
internal static class LeaseSizing
{
    public const int MinPermits = 8;
    public const int MaxPermits = 1024;

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A permit counts from the moment its lease closes, up to a lifetime after it was taken; a hundredth of
    /// the window (at most 100 ms) keeps that shift small beside the window.
    /// </summary>
    public static TimeSpan Lifetime(TimeSpan window) => window / 100 < MaxLifetime ? window / 100 : MaxLifetime;

    /// <summary>The permits of the next lease: zero for none.</summary>
    public static int Permits(int wanted, int remaining)
    {
        var permits = Math.Min(wanted, remaining / 2);
        return permits < MinPermits ? 0 : permits;
    }

    /// <summary>The size the next lease asks for after one that had <paramref name="taken"/> permits taken.</summary>
    public static int Next(int taken) => Math.Clamp(2 * taken, MinPermits, MaxPermits);

    /// <summary>
    /// The new permits of a lease that renews one in use, which had <paramref name="taken"/> permits taken and
    /// <paramref name="left"/> not yet (they go on into the new lease): enough for the two together to make the
    /// lease <see cref="Next"/> asks for, so a renewed lease neither piles up permits nor shrinks below what its
    /// client uses; none near the client's limit, where the last permits are decided one by one.
    /// </summary>
    public static int Renewal(int taken, int left, int remaining)
    {
        var share = remaining / 2;
        return share < MinPermits ? 0 : Math.Clamp(Next(taken) - left, 0, share);
    }
}
