using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Balancing;

public static class BreakerStateLabel
{
    /// <summary>The breaker state as it goes into <c>RequestOutcome.BreakerState</c> and logs.</summary>
    public static string Of(BreakerState state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.Open => "open",
        _ => "half-open",
    };
}
