using Akka.Actor;

namespace Gateway.Actors.RateLimiting;

public static partial class RateLimiter
{
    /// <summary>
    /// This node's fallback limiters: the same limiter entity, one per (policy, client), run on this node
    /// alone under a <see cref="LocalShard"/>. The request path asks them, with the policy's quota cut to
    /// this node's share (<see cref="LimiterOwners.FallbackPolicy"/>), while a client's own limiter is out
    /// of reach. They passivate as the sharded ones do, once they have nothing left to remember.
    /// </summary>
    public static Props FallbackProps() => Akka.Actor.Props.Create(() => new LocalShard(MessageExtractor, _ => EntityProps()));

    /// <summary>This node's owner watch, publishing on <paramref name="board"/> which limiters are out of reach (cluster nodes only).</summary>
    public static Props OwnerWatchProps(LimiterOwnerBoard board) =>
        Akka.Actor.Props.Create(() => new LimiterOwnerWatch(board, null, null, true));

    /// <summary>From the request path to this node's owner watch: <paramref name="Check"/> got no answer in time.</summary>
    public sealed record OwnerTimedOut(Check Check);
}
