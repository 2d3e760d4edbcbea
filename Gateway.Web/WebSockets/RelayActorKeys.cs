namespace Gateway.Web.WebSockets;

/// <summary>
/// Akka.Hosting registry key (IRequiredActor&lt;T&gt;) of the WebSocket relay supervisor, the parent of one
/// relay actor per proxied connection.
/// </summary>
public sealed class RelaySupervisorActor;
