using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Forwarding;

namespace Gateway.Web.Balancing;

/// <summary>
/// Turns one forward attempt into (at most) one breaker report, sent as early as the verdict is
/// known: at the response headers when there are any, else when the attempt ends.
/// </summary>
public sealed class AttemptReport(BreakerGate gate, string key, long epoch, bool probe)
{
    private bool _headReported;

    /// <summary>For <see cref="HttpForwarder.ForwardAsync"/>: the status is the verdict (5xx a failure, 4xx not).</summary>
    public void OnResponseHead(int status)
    {
        _headReported = true;
        gate.Report(key, Outcome.FromStatus(status), epoch, probe);
    }

    public void OnFinished(ForwardResult result)
    {
        if (_headReported)
        {
            // The headers looked fine but the body broke off: the upstream failed after all. For a
            // probe this report carries a spent epoch and is ignored; the headers already decided it.
            if (result.Outcome == ForwardOutcome.UpstreamFailed) gate.Report(key, Outcome.BrokenExchange, epoch, probe);
            return;
        }
        if (Classify(result, probe) is { } outcome) gate.Report(key, outcome, epoch, probe);
    }

    /// <summary>Nothing reached the upstream's verdict (an exception escaped the forwarder): hand a probe back.</summary>
    public void OnAbandoned()
    {
        if (!_headReported && probe) gate.Report(key, Outcome.Unknown, epoch, probe);
    }

    /// <summary>
    /// What an attempt without response headers says about the upstream. A client that went away
    /// says nothing: no report at all, except for a probe, which hands its turn back
    /// (<see cref="Outcome.Unknown"/>) so the next request can probe at once instead of the breaker
    /// waiting out the probe deadline and then blaming the upstream for the client's departure.
    /// </summary>
    public static Outcome? Classify(ForwardResult result, bool probe) => result.Outcome switch
    {
        ForwardOutcome.Responded => Outcome.FromStatus(result.StatusCode),
        ForwardOutcome.ConnectFailed => Outcome.ConnectError,
        ForwardOutcome.TimedOut => Outcome.Timeout,
        ForwardOutcome.UpstreamFailed => Outcome.BrokenExchange,
        _ => probe ? Outcome.Unknown : null,
    };
}
