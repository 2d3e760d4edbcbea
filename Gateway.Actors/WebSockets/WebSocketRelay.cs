using Akka.Actor;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The protocol of one proxied WebSocket connection: a relay actor that owns the client's connection and
/// the upstream's connection, both past their handshakes, and pumps frames between them until both are
/// closed.
/// </summary>
/// <remarks>
/// The relay is local by nature: its connections arrive in its <see cref="Props"/>, never in a message,
/// and it reports its end through the <see cref="TaskCompletionSource{TResult}"/> given there, which
/// the web endpoint awaits to keep the request alive for exactly as long as the relay runs.
/// </remarks>
public static partial class WebSocketRelay
{
    /// <summary>
    /// A completion source for <see cref="Props"/>. Its continuations run asynchronously, so the code
    /// awaiting the relay's end never runs on the relay's own thread.
    /// </summary>
    public static TaskCompletionSource<RelayResult> CreateCompletion() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// A relay between two upgraded connections that carry WebSocket frames (RFC 6455, no extension
    /// negotiated). It takes ownership of both: it closes and disposes them, and completes
    /// <paramref name="completion"/> when both are closed (whatever the reason, including a crash of
    /// the relay), then stops.
    /// </summary>
    /// <param name="connectionId">The connection's key, used in results, logs and stats.</param>
    /// <param name="client">The connection accepted from the gateway's client: the gateway is its server.</param>
    /// <param name="upstream">The connection dialled to the route's upstream: the gateway is its client.</param>
    /// <param name="settings">Limits for this connection (global block, possibly overridden per route).</param>
    /// <param name="completion">Completed with the <see cref="RelayResult"/>; best made by <see cref="CreateCompletion"/>.</param>
    public static Props Props(
        string connectionId,
        Stream client,
        Stream upstream,
        Settings settings,
        TaskCompletionSource<RelayResult> completion)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(completion);
        if (ReferenceEquals(client, upstream))
            throw new ArgumentException("the client and the upstream must be two different connections", nameof(upstream));

        return Akka.Actor.Props
            .Create(() => new WebSocketRelayActor(connectionId, client, upstream, settings, completion))
            .WithDeploy(Deploy.Local);
    }
}
