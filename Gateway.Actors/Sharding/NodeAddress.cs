using Akka.Actor;

namespace Gateway.Actors;

/// <summary>This node's address as text (host and port with the cluster on), naming where an update came from.</summary>
public static class NodeAddress
{
    public static string Of(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
}
