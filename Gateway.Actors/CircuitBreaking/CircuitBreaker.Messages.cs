using Gateway.Actors.Wire;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>A message for one upstream's breaker; sharding routes it by <see cref="Upstream"/>.</summary>
public interface IBreakerCommand
{
    string Upstream { get; }
}

public static partial class CircuitBreaker
{
    /// <summary>
    /// Tell: how a forwarded request went. <paramref name="Epoch"/> is the one the request was
    /// admitted under (from the snapshot's decision, or from <see cref="ProbeGranted"/>); a report
    /// from an earlier epoch is ignored, so a slow request admitted while closed cannot close an
    /// open breaker or count against a recovered one.
    /// </summary>
    public sealed record Report(string Upstream, Outcome Outcome, long Epoch) : IBreakerCommand, IWireMessage;

    /// <summary>Ask (once per request, with a timeout): may this request go through as the probe?</summary>
    public sealed record RequestProbe(string Upstream) : IBreakerCommand, IWireMessage;

    /// <summary>The answer to <see cref="RequestProbe"/>; Ask for this base type.</summary>
    public abstract record ProbeAnswer(string Upstream)
    {
        /// <summary>Decided by a breaker on another node than the asking one (for the cross-node metrics).</summary>
        public bool CrossNode { get; init; }
    }

    /// <summary>
    /// Forward the request and Tell its <see cref="Report"/> with this <paramref name="Epoch"/>. Also the
    /// answer when the breaker turned out to be closed already: then it is an ordinary admission.
    /// </summary>
    public sealed record ProbeGranted(string Upstream, long Epoch) : ProbeAnswer(Upstream), IWireMessage;

    /// <summary>Fail fast: 503 with <paramref name="RetryAfter"/>.</summary>
    public sealed record Rejected(string Upstream, TimeSpan RetryAfter) : ProbeAnswer(Upstream), IWireMessage
    {
        public int RetryAfterSeconds => CircuitBreaker.RetryAfterSeconds(RetryAfter);
    }

    /// <summary>
    /// Ask, from every node at start-up and after every reload, for each upstream its routes list: the
    /// breaker exists (it publishes its snapshot to every node's board) and runs with these settings,
    /// keeping its state. Answered with <see cref="Configured"/>.
    /// </summary>
    public sealed record Configure(string Upstream, Settings Settings) : IBreakerCommand, IWireMessage;

    /// <summary>
    /// The breaker's snapshot as of the answer: a node that has just started hands it to its keeper,
    /// since updates published before its subscription reached the breaker's node never came to it.
    /// </summary>
    public sealed record Configured(string Upstream, BreakerSnapshot Snapshot, string Origin) : IWireMessage
    {
        public BreakerUpdate AsUpdate() => new(Snapshot, null, Origin);
    }

    /// <summary>Tell: the upstream is no longer routed to; its breaker leaves every board and stops.</summary>
    public sealed record Retire(string Upstream) : IBreakerCommand, IWireMessage;

    /// <summary>
    /// From a breaker to every node (through the cluster's publish-subscribe): its new snapshot, and the
    /// transition that made it, if any. <paramref name="Origin"/> is the breaker's node, whose board the
    /// breaker has written itself.
    /// </summary>
    public sealed record BreakerUpdate(BreakerSnapshot Snapshot, BreakerTransition? Transition, string Origin) : IWireMessage;

    /// <summary>From a retiring breaker to every node: take its snapshot off the board.</summary>
    public sealed record BreakerRetired(string Upstream, string Origin) : IWireMessage;

    /// <summary>The stop message an idle breaker asks its shard to send it (local to its node).</summary>
    internal sealed class StopBreaker
    {
        public static readonly StopBreaker Instance = new();
    }
}
