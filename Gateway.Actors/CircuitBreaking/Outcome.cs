namespace Gateway.Actors.CircuitBreaking;

/// <summary>Why a forwarded request counts against the upstream's health.</summary>
public enum FailureReason
{
    /// <summary>The upstream could not be reached (refused, reset, DNS); the client got 502.</summary>
    ConnectError,

    /// <summary>The response headers did not come within call-timeout; the client got 504.</summary>
    Timeout,

    /// <summary>The upstream answered with a 5xx status.</summary>
    ServerError,

    /// <summary>A half-open probe was granted but never reported within call-timeout (e.g. abandoned).</summary>
    ProbeAbandoned,

    /// <summary>
    /// The upstream took the connection but broke the exchange: reset or a malformed answer before its
    /// response headers (the client got 502), or a body cut off midway (the client's connection was cut).
    /// </summary>
    BrokenExchange,
}

/// <summary>
/// What a forwarded request says about the upstream's health. Only <see cref="Failure"/> counts
/// against the breaker; a 4xx is the client's fault and is a <see cref="Success"/> here, because the
/// upstream answered sensibly. Use the cached instances on the hot path, they allocate nothing.
/// </summary>
public abstract record Outcome
{
    private Outcome() { }

    public static Success Ok { get; } = new();
    public static Failure ConnectError { get; } = new(FailureReason.ConnectError);
    public static Failure Timeout { get; } = new(FailureReason.Timeout);
    public static Failure BrokenExchange { get; } = new(FailureReason.BrokenExchange);

    /// <summary>
    /// The exchange said nothing about the upstream's health: the client went away before the
    /// response headers came. Only a granted probe reports it, to hand its turn back: the breaker stays
    /// half-open and admits the next probe, instead of waiting out the probe deadline and then blaming
    /// the upstream for the client's departure. Every other state ignores it.
    /// </summary>
    public static Inconclusive Unknown { get; } = new();

    public static Failure ServerError(int status) => new(FailureReason.ServerError, status);

    /// <summary>
    /// Classifies a response status: 5xx is a failure of the upstream, everything below
    /// (including 4xx, 429 and redirects) is an answer, hence healthy.
    /// </summary>
    public static Outcome FromStatus(int status) => status >= 500 ? ServerError(status) : Ok;

    public bool IsFailure => this is Failure;

    /// <summary>The upstream answered (any status below 500).</summary>
    public sealed record Success : Outcome
    {
        public override string ToString() => "Success";
    }

    /// <summary>Neither success nor failure; see <see cref="Unknown"/>.</summary>
    public sealed record Inconclusive : Outcome
    {
        public override string ToString() => "Inconclusive";
    }

    /// <summary>The upstream failed; <paramref name="Status"/> is set for <see cref="FailureReason.ServerError"/>.</summary>
    public sealed record Failure(FailureReason Reason, int? Status = null) : Outcome
    {
        public override string ToString() => Status is { } status ? $"{Reason} {status}" : Reason.ToString();
    }
}
