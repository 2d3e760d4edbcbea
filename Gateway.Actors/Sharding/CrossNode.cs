using Akka.Actor;

namespace Gateway.Actors;

/// <summary>Whether a message came from another node: a local sender's address has no host, a remote one's has.</summary>
internal static class CrossNode
{
    public static bool Is(IActorRef sender) => sender.Path.Address.HasGlobalScope;
}
