namespace Gateway.Actors.CircuitBreaking;

/// <summary>A message for one upstream's breaker; the registry routes it by <see cref="Upstream"/>.</summary>
internal interface IBreakerCommand
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
    public sealed record Report(string Upstream, Outcome Outcome, long Epoch) : IBreakerCommand;

    /// <summary>Ask (once per request, with a timeout): may this request go through as the probe?</summary>
    public sealed record RequestProbe(string Upstream) : IBreakerCommand;

    /// <summary>The answer to <see cref="RequestProbe"/>; Ask for this base type.</summary>
    public abstract record ProbeAnswer(string Upstream);

    /// <summary>
    /// Forward the request and Tell its <see cref="Report"/> with this <paramref name="Epoch"/>. Also the
    /// answer when the breaker turned out to be closed already: then it is an ordinary admission.
    /// </summary>
    public sealed record ProbeGranted(string Upstream, long Epoch) : ProbeAnswer(Upstream);

    /// <summary>Fail fast: 503 with <paramref name="RetryAfter"/>.</summary>
    public sealed record Rejected(string Upstream, TimeSpan RetryAfter) : ProbeAnswer(Upstream)
    {
        public int RetryAfterSeconds => CircuitBreaker.RetryAfterSeconds(RetryAfter);
    }

    /// <summary>One upstream's breaker and the settings it runs with (global block overlaid by the route's).</summary>
    public sealed record UpstreamBreaker(string Upstream, Settings Settings);

    /// <summary>
    /// To the registry, at start-up and after every config reload: the complete set of upstreams.
    /// Missing breakers are created (and publish a closed snapshot), existing ones take the new
    /// settings keeping their state, and breakers of upstreams no longer listed are stopped and
    /// their snapshots removed. Answered with <see cref="BreakersEnsured"/>.
    /// </summary>
    public sealed record EnsureBreakers(IReadOnlyList<UpstreamBreaker> Upstreams);

    public sealed record BreakersEnsured(int Count);

    /// <summary>New settings for a live breaker; its state is kept.</summary>
    internal sealed record Reconfigure(string Upstream, Settings Settings) : IBreakerCommand;

    /// <summary>Child to registry: idle, closed and clean; please stop me.</summary>
    internal sealed record Passivate(string Upstream);

    /// <summary>
    /// Registry to child: messages for you are buffered from now on; stop if you are still idle.
    /// Anything that reached the child before this is handled by it, anything after by the next
    /// incarnation, so nothing is lost or doubled.
    /// </summary>
    internal sealed record StopIfIdle
    {
        public static readonly StopIfIdle Instance = new();
    }

    /// <summary>Child to registry: something arrived since I asked; keep me and hand me the buffer.</summary>
    internal sealed record PassivationDeclined(string Upstream);
}
