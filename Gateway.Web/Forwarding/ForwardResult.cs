namespace Gateway.Web.Forwarding;

public enum ForwardOutcome
{
    /// <summary>The upstream answered and its response was relayed (whatever its status).</summary>
    Responded,
    /// <summary>No connection could be made: refused, unreachable, name not found. Nothing reached the upstream.</summary>
    ConnectFailed,
    /// <summary>Response headers did not arrive within the call timeout.</summary>
    TimedOut,
    /// <summary>The upstream broke the exchange after the connection was made.</summary>
    UpstreamFailed,
    /// <summary>The client went away; nobody is left to answer.</summary>
    ClientAborted,
    /// <summary>
    /// The client's body failed as Kestrel read it (broken chunked framing: 400; slower than the minimum
    /// data rate: 408, in <see cref="ForwardResult.StatusCode"/>). The client's fault: the breaker is not told.
    /// </summary>
    ClientBodyFailed,
}

/// <summary>How one forward ended. Errors are not yet written, so the caller may retry or answer.</summary>
public sealed record ForwardResult(
    ForwardOutcome Outcome,
    int StatusCode,
    bool ResponseStarted,
    long RequestBytes,
    long ResponseBytes,
    string? Error)
{
    /// <summary>True when not one byte of the request body reached the upstream, so another upstream may take it.</summary>
    public bool SafeToRetry => Outcome == ForwardOutcome.ConnectFailed && RequestBytes == 0;
}
