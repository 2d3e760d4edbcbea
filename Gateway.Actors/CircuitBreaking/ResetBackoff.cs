namespace Gateway.Actors.CircuitBreaking;

/// <summary>The arithmetic of open periods, kept pure so it can be checked without actors.</summary>
internal static class ResetBackoff
{
    /// <summary>The reset timeout after a failed probe: doubled, never above the cap.</summary>
    public static TimeSpan Doubled(TimeSpan current, TimeSpan max) =>
        current >= max / 2 ? max : current * 2;

    /// <summary>
    /// The actual open period: shortened by up to <paramref name="jitter"/> of itself. Only ever
    /// shortened, so max-reset-timeout stays a true maximum. <paramref name="random"/> is in [0, 1).
    /// </summary>
    public static TimeSpan Jittered(TimeSpan timeout, double jitter, double random)
    {
        var wait = timeout * (1 - jitter * random);
        return wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1);
    }
}
