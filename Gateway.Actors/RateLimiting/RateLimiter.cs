using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The rate-limiter protocol. One limiter entity per (policy, client), located and passivated by
/// Akka.Cluster.Sharding (<see cref="ShardTypeName"/>): one budget per client in the whole cluster, on
/// one node or many. Each node has a lease desk (<see cref="DeskProps"/>) where entities place the
/// permits they set aside for that node's request path.
/// </summary>
public static partial class RateLimiter
{
    /// <summary>The sharded entity type's name; the same on every node.</summary>
    public const string ShardTypeName = "rate-limiter";

    /// <summary>
    /// The entity: it learns its (policy, client) from its first <see cref="Check"/>. One instance for all of
    /// them (each live limiter would otherwise hold its own); its mailbox needs <see cref="LimiterMailbox.Hocon"/>
    /// in the actor system's configuration.
    /// </summary>
    public static Props EntityProps() => LimiterProps;

    private static readonly Props LimiterProps = Akka.Actor.Props.Create<ClientLimiter>().WithMailbox(LimiterMailbox.Path);

    /// <summary>This node's lease desk, publishing the leases entities grant it on <paramref name="board"/>.</summary>
    public static Props DeskProps(RateLimitBoard board) => Akka.Actor.Props.Create(() => new RateLimitLeaseDesk(board));

    /// <summary>Routes every <see cref="Check"/> to the entity of its (policy, client).</summary>
    public static IMessageExtractor MessageExtractor => LimiterShards.Instance;

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
}
