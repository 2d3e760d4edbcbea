using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Balancing;

public enum ChoiceKind
{
    /// <summary>A closed breaker admits: forward now, report with <see cref="UpstreamChoice.Epoch"/>.</summary>
    Forward,

    /// <summary>A breaker is due for its probe: Ask it once; the answer admits this request or refuses it.</summary>
    AskForProbe,

    /// <summary>Every breaker refuses; <see cref="UpstreamChoice.RetryAfter"/> is the soonest of their retries.</summary>
    Refused,

    /// <summary>No upstream is left to try (the only others were excluded).</summary>
    None,
}

/// <summary>What the balancer picked for one attempt; a value, so choosing allocates nothing.</summary>
/// <param name="Index">The upstream's index in the route's list (for <see cref="ChoiceKind.Refused"/>: the one due soonest); -1 for <see cref="ChoiceKind.None"/>.</param>
/// <param name="State">That upstream's breaker state when the choice was made.</param>
public readonly record struct UpstreamChoice(ChoiceKind Kind, int Index, long Epoch, BreakerState State, TimeSpan RetryAfter)
{
    public static UpstreamChoice Nothing { get; } = new(ChoiceKind.None, -1, 0, BreakerState.Closed, TimeSpan.Zero);
}
