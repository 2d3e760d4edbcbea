namespace Gateway.Actors.RateLimiting;

/// <summary>
/// Permits a client's limiter has set aside for the request path, so that a busy client's requests are
/// admitted without a round trip to the actor. The limiter decided them all when it granted the lease:
/// they are part of the client's quota, reserved in its algorithm, never more than half of what the client
/// had left. The request path may only take them, one at a time; when none is left (or the lease has been
/// closed) it asks the limiter as usual, and the limiter has the node's desk close it and count what
/// was taken. A busy client's lease is renewed before that happens: the permit that leaves a quarter
/// of the lease calls <see cref="RunningLow"/>, and the desk asks the limiter for the next lease.
/// </summary>
/// <remarks>
/// The count is the only state the request path touches, and only through one atomic decrement; closing
/// swaps it for a large negative number in one atomic exchange, so every permit is either taken before the
/// close (and counted by it) or refused after it, never both and never lost.
/// </remarks>
public sealed class PermitLease
{
    private const int Closed = int.MinValue / 2;

    private readonly TimeSpan _resetAfterAllTaken;
    private readonly long _ticksPerPermit;
    private readonly int _runningLowAt;
    private int _left;

    /// <param name="remainingBeyond">What the client has left once every permit of the lease is taken.</param>
    /// <param name="resetAfterAllTaken">
    /// Time until the whole quota is back once every permit is taken, plus the lease's lifetime: a permit
    /// counts from the moment the lease is closed, which may be that much after it was taken.
    /// </param>
    /// <param name="ticksPerPermit">How much sooner the quota is whole again for each permit not taken (zero for the sliding log, whose reset is one window from now either way).</param>
    internal PermitLease(
        long id, string policyId, string clientKey, RateLimiter.Settings policy,
        int permits, int remainingBeyond, TimeSpan resetAfterAllTaken, long ticksPerPermit)
    {
        Id = id;
        PolicyId = policyId;
        ClientKey = clientKey;
        Policy = policy;
        Permits = permits;
        RemainingBeyond = remainingBeyond;
        _resetAfterAllTaken = resetAfterAllTaken;
        _ticksPerPermit = ticksPerPermit;
        _left = permits;
        _runningLowAt = permits / 4;
    }

    /// <summary>
    /// Called once, on the request path's thread, by the take that leaves a quarter of the permits (set by the
    /// desk before it publishes the lease): it must only hand the news on.
    /// </summary>
    internal Action<PermitLease>? RunningLow { get; init; }

    /// <summary>Whether the desk has asked for the lease that follows this one (the desk's alone to read and write).</summary>
    internal bool RenewalAsked { get; set; }

    /// <summary>Permits taken so far (while the lease is open).</summary>
    internal int Taken => TakenWith(Volatile.Read(ref _left));

    /// <summary>Unique per granting limiter: what its desk and the limiter call it by.</summary>
    public long Id { get; }

    public string PolicyId { get; }

    public string ClientKey { get; }

    /// <summary>The policy the permits were granted under; a request under any other (after a reload) asks the limiter.</summary>
    public RateLimiter.Settings Policy { get; }

    public int Permits { get; }

    public int RemainingBeyond { get; }

    /// <summary>
    /// Takes one permit: true with what the limiter would have answered (the client's remaining count and the
    /// time until its whole quota is back), or false when none is left.
    /// </summary>
    public bool TryTake(out int remaining, out TimeSpan resetAfter)
    {
        var left = Interlocked.Decrement(ref _left);
        if (left < 0)
        {
            (remaining, resetAfter) = (0, TimeSpan.Zero);
            return false;
        }
        if (left == _runningLowAt) RunningLow?.Invoke(this);
        remaining = RemainingBeyond + left;
        resetAfter = _resetAfterAllTaken - TimeSpan.FromTicks(left * _ticksPerPermit);
        return true;
    }

    /// <summary>Ends the lease for the request path; returns how many permits were taken. Only the node's lease desk calls this.</summary>
    internal int Close() => TakenWith(Interlocked.Exchange(ref _left, Closed));

    // A count below zero: every permit taken (and refused takes, or the close, past that).
    private int TakenWith(int left) => Permits - Math.Max(0, left);
}
