using Akka.Actor;

namespace Gateway.Actors.WebSockets;

public static partial class WebSocketRelaySupervisor
{
    /// <summary>
    /// Start a relay as a child. <paramref name="RelayProps"/> comes from <see cref="WebSocketRelay.Props"/>
    /// built by the caller, so the sockets go into the relay's constructor and never through a mailbox.
    /// Answered with <see cref="RelayStarted"/> (unless sent without a sender). During a shutdown the relay is still started, and at once
    /// told to close with 1001, so the caller's completion is always completed.
    /// </summary>
    public sealed record StartRelay(string ConnectionId, Props RelayProps);

    public sealed record RelayStarted(string ConnectionId, IActorRef Relay);

    /// <summary>Answered with <see cref="Stats"/>.</summary>
    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
    }

    /// <param name="OpenConnections">Relays alive now (each holds a client and an upstream socket).</param>
    /// <param name="MessagesRelayed">
    /// Whole messages delivered, both ways, by every relay so far; a live relay reports its count at
    /// least once a second and when it ends.
    /// </param>
    public sealed record Stats(int OpenConnections, long MessagesRelayed);

    /// <summary>
    /// Close every relay with 1001 and answer <see cref="ShutdownCompleted"/> once all are gone
    /// (bounded by each relay's <c>close-timeout</c>). Relays started afterwards are closed at once.
    /// </summary>
    public sealed record Shutdown
    {
        public static readonly Shutdown Instance = new();
    }

    public sealed record ShutdownCompleted
    {
        public static readonly ShutdownCompleted Instance = new();
    }
}
