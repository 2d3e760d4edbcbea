using Gateway.Actors.Configuration;

namespace Gateway.Actors.WebSockets;

public static partial class WebSocketRelay
{
    /// <summary>
    /// Limits of one relayed connection, read from a <c>websocket</c> block
    /// (<c>gateway.websocket</c>, or a route's block laid over it with <see cref="ConfigReader.Over"/>).
    /// </summary>
    public sealed record Settings
    {
        /// <summary>All keys of the block; any other key is a configuration error.</summary>
        public static readonly IReadOnlyList<string> Keys =
            ["max-message-bytes", "keep-alive", "idle-timeout", "receive-buffer-bytes", "close-timeout"];

        public static Settings Default { get; } = new();

        /// <summary>
        /// <c>max-message-bytes</c> (default 4m): a message whose fragments add up to more closes both
        /// sides with 1009 (MessageTooBig).
        /// </summary>
        public long MaxMessageBytes { get; init; } = 4L << 20;

        /// <summary>
        /// <c>keep-alive</c> (default 30s; 0 = off): a side that has been sent nothing for this long is sent
        /// an unsolicited Pong (RFC 6455 §5.5.3), which needs no answer and keeps idle connections open
        /// through NATs and load balancers. The peers' own Pings and Pongs pass through the relay.
        /// </summary>
        public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// <c>idle-timeout</c> (default 0 = off): when no frame is received or delivered in either
        /// direction for this long, both sides are closed with 1001 (EndpointUnavailable, "idle timeout"):
        /// the gateway is going away from this connection, the peers did nothing wrong.
        /// </summary>
        public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

        /// <summary>
        /// <c>receive-buffer-bytes</c> (default 16k, 1k..1m): the most bytes read from a side at once. Frames
        /// pass unchanged whatever their size; a longer frame is only written on in several pieces.
        /// A side holds its buffer only while it is being read, never while it waits for data.
        /// </summary>
        public int ReceiveBufferBytes { get; init; } = 16 << 10;

        /// <summary>
        /// <c>close-timeout</c> (default 10s): once closing has begun, a side that has not finished the
        /// close handshake in this time (or a send that never completes) is aborted.
        /// </summary>
        public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

        public static Settings Create(ConfigReader section)
        {
            section.RejectUnknown(Keys);
            var buffer = section.Bytes("receive-buffer-bytes", Default.ReceiveBufferBytes, min: 1 << 10);
            if (buffer > 1 << 20)
                throw new ConfigException(section.KeyOf("receive-buffer-bytes"), $"must be at most 1m, got {buffer} bytes");
            return new Settings
            {
                MaxMessageBytes = section.Bytes("max-message-bytes", Default.MaxMessageBytes, min: 1),
                KeepAlive = section.Duration("keep-alive", Default.KeepAlive, allowZero: true),
                IdleTimeout = section.Duration("idle-timeout", Default.IdleTimeout, allowZero: true),
                ReceiveBufferBytes = (int)buffer,
                CloseTimeout = section.Duration("close-timeout", Default.CloseTimeout),
            };
        }
    }
}
