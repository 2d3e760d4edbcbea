using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Observability;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Web.Balancing;

/// <summary>
/// The web layer's side of the breaker protocol: the clock the breakers use, the one probe Ask, and
/// reports. Decisions stay the actors'; this only carries messages.
/// </summary>
public sealed class BreakerGate(ActorSystem system, IRequiredActor<BreakerRegion> registry, BreakerBoard board, GatewayMetrics metrics)
{
    /// <summary>
    /// How long a request waits for the answer to its probe request. The breaker answers at once;
    /// only an overloaded actor system takes longer, and then failing fast is the right answer.
    /// </summary>
    public static readonly TimeSpan ProbeAskTimeout = TimeSpan.FromSeconds(2);

    public BreakerBoard Board => board;

    /// <summary>The breakers' clock (the actor system's scheduler), so both sides agree on when a breaker is due.</summary>
    public DateTimeOffset Now => system.Scheduler.Now;

    /// <summary>The request's one Ask of its breaker concern. Null when no answer came in time.</summary>
    public async Task<ProbeAnswer?> RequestProbeAsync(string key)
    {
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var answer = await registry.ActorRef.Ask<ProbeAnswer>(new RequestProbe(key), ProbeAskTimeout);
            metrics.RecordDecision("breaker-probe", answer.CrossNode, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
            return answer;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Tells the breaker how a request went. A success that cannot change anything (closed, nothing
    /// counted, same epoch) is not sent, so healthy traffic costs no message at all. A probe always
    /// reports: its breaker waits for exactly that message.
    /// </summary>
    public void Report(string key, Outcome outcome, long epoch, bool probe)
    {
        if (!probe && !board.IsWorthReporting(key, epoch, outcome)) return;
        registry.ActorRef.Tell(new Report(key, outcome, epoch));
    }
}
