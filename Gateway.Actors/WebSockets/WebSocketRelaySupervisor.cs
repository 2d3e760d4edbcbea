using Akka.Actor;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The parent of every relay: starts them, isolates their failures (a relay that crashes is stopped,
/// its sockets closed with 1011, and no other relay notices), counts them, and closes them all on
/// shutdown.
/// </summary>
/// <remarks>
/// The web endpoint, having dialled the upstream and accepted the client:
/// <code>
/// var done = WebSocketRelay.CreateCompletion();
/// var props = WebSocketRelay.Props(connectionId, client, upstream, settings, done);
/// supervisor.Tell(new WebSocketRelaySupervisor.StartRelay(connectionId, props));
/// var result = await done.Task;   // keeps the request alive until both sockets are closed
/// </code>
/// From the Tell on, the relay owns both sockets; the endpoint must not touch them again.
/// </remarks>
public static partial class WebSocketRelaySupervisor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new WebSocketRelaySupervisorActor());
}
