using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Gateway.Actors;

/// <summary>
/// Sharded entities run on this node only: what a shard does for them, without the cluster. Routes each
/// message by the entity's own <see cref="IMessageExtractor"/> to a child named by the entity id, and
/// passivates the way a shard does: on <see cref="Passivate"/> it sends the entity its stop message and
/// holds that entity's messages until it has stopped, then hands them to a new incarnation. So the same
/// entity (a limiter) can count on this node alone, when the node that shards it is out of reach, and in
/// tests on virtual time (a real cluster needs real time to form). Answers <see cref="LiveEntities"/>
/// with its number of children.
/// </summary>
public class LocalShard : ReceiveActor
{
    public sealed record LiveEntities
    {
        public static readonly LiveEntities Instance = new();
    }

    private readonly Dictionary<string, IActorRef> _entities = new();
    private readonly Dictionary<IActorRef, string> _ids = new();
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _held = new();

    public LocalShard(IMessageExtractor extractor, Func<string, Props> entityProps)
    {
        Receive<LiveEntities>(_ => Sender.Tell(_entities.Count));
        Receive<Passivate>(passivate =>
        {
            if (!_ids.TryGetValue(Sender, out var id) || _held.ContainsKey(id)) return;
            _held[id] = [];
            Sender.Tell(passivate.StopMessage);
        });
        Receive<Terminated>(terminated =>
        {
            if (!_ids.Remove(terminated.ActorRef, out var id)) return;
            _entities.Remove(id);
            if (!_held.Remove(id, out var held) || held.Count == 0) return;
            var fresh = Start(id, entityProps);
            foreach (var (message, sender) in held) fresh.Tell(message, sender);
        });
        ReceiveAny(message =>
        {
            var id = extractor.EntityId(message);
            if (id is null) return;
            if (_held.TryGetValue(id, out var held))
            {
                held.Add((extractor.EntityMessage(message)!, Sender));
                return;
            }
            if (!_entities.TryGetValue(id, out var entity)) entity = Start(id, entityProps);
            entity.Forward(extractor.EntityMessage(message));
        });
    }

    private IActorRef Start(string id, Func<string, Props> entityProps)
    {
        // Escaped as sharding does: upstream keys hold "|" and "://".
        var entity = Context.ActorOf(entityProps(id), Uri.EscapeDataString(id));
        Context.Watch(entity);
        _entities[id] = entity;
        _ids[entity] = id;
        return entity;
    }
}
