using Gateway.Actors.Configuration;

namespace Gateway.Actors.RateLimiting;

public static partial class RateLimiter
{
    /// <summary>
    /// One rate-limit policy, read from a <c>rate-limit { ... }</c> block (the global
    /// <c>gateway.rate-limit</c>, or a route's own block laid over it with <see cref="ConfigReader.Over"/>).
    /// </summary>
    /// <param name="Enabled"><c>enabled</c>, default on. Off: every request is admitted and no header is written.</param>
    /// <param name="Requests"><c>requests</c>, default 10, at least 1: the quota per window.</param>
    /// <param name="Window"><c>window</c>, default 60s, greater than zero, at most 24 days.</param>
    /// <param name="Algorithm"><c>algorithm</c>: <c>sliding-log</c> (default) or <c>token-bucket</c> / <c>gcra</c>; see <see cref="RateLimitAlgorithm"/>.</param>
    /// <param name="Key"><c>key</c>: <c>client-ip</c> (default) or <c>api-key</c>; which identity the web layer passes as the client key.</param>
    /// <param name="IdleTimeout">
    /// <c>idle-timeout</c>: how long a client's limiter stays in memory without requests. Default: the
    /// window, but at least 30s so a client that comes back soon does not cost a new actor. It may not
    /// be shorter than the window: a limiter passivated earlier would throw away history that still counts.
    /// </param>
    /// <remarks>
    /// <c>leases</c>, default on: a busy client's limiter sets aside a batch of permits that the request
    /// path takes without a round trip (<see cref="PermitLease"/>). Off: every request waits for its
    /// limiter's answer.
    /// </remarks>
    public sealed record Settings(
        bool Enabled,
        int Requests,
        TimeSpan Window,
        RateLimitAlgorithm Algorithm,
        ClientKeySource Key,
        TimeSpan IdleTimeout)
    {
        public static readonly IReadOnlyList<string> Fields =
            ["enabled", "requests", "window", "algorithm", "key", "idle-timeout", "leases"];

        public bool Leases { get; init; } = true;

        // The scheduler counts delays in whole milliseconds in an int; keep every timer well inside that.
        internal static readonly TimeSpan MaxDuration = TimeSpan.FromDays(24);
        internal static readonly TimeSpan MinDefaultIdleTimeout = TimeSpan.FromSeconds(30);

        /// <summary>The seed's policy: 10 requests in any 60 s per client IP.</summary>
        public static readonly Settings Default = new(
            Enabled: true,
            Requests: 10,
            Window: TimeSpan.FromSeconds(60),
            Algorithm: RateLimitAlgorithm.SlidingLog,
            Key: ClientKeySource.ClientIp,
            IdleTimeout: DefaultIdleTimeout(TimeSpan.FromSeconds(60)));

        public static TimeSpan DefaultIdleTimeout(TimeSpan window) =>
            window < MinDefaultIdleTimeout ? MinDefaultIdleTimeout : window;

        public static Settings Create(ConfigReader section)
        {
            section.RejectUnknown(Fields);

            var enabled = section.Flag("enabled", Default.Enabled);
            var requests = section.Count("requests", Default.Requests, min: 1);
            var window = section.Duration("window", Default.Window);
            if (window > MaxDuration)
                throw new ConfigException(section.KeyOf("window"), $"must be at most {Describe(MaxDuration)}, got {Describe(window)}");

            var algorithmText = section.Text("algorithm", "sliding-log").Trim();
            var algorithm = algorithmText switch
            {
                "sliding-log" => RateLimitAlgorithm.SlidingLog,
                "token-bucket" or "gcra" => RateLimitAlgorithm.TokenBucket,
                _ => throw new ConfigException(section.KeyOf("algorithm"),
                    $"'{algorithmText}' is not an algorithm (use sliding-log, token-bucket or gcra)"),
            };
            // The bucket spaces requests W/N apart in 100 ns ticks; a zero spacing would admit without limit.
            if (algorithm == RateLimitAlgorithm.TokenBucket && window.Ticks / requests < 1)
                throw new ConfigException(section.KeyOf("requests"),
                    $"must be at most {window.Ticks} for a {Describe(window)} window with the token bucket, got {requests}");

            var keyText = section.Text("key", "client-ip").Trim();
            var key = keyText switch
            {
                "client-ip" => ClientKeySource.ClientIp,
                "api-key" => ClientKeySource.ApiKey,
                _ => throw new ConfigException(section.KeyOf("key"), $"'{keyText}' is not a client key (use client-ip or api-key)"),
            };

            var idleTimeout = section.Duration("idle-timeout", DefaultIdleTimeout(window));
            if (idleTimeout < window)
                throw new ConfigException(section.KeyOf("idle-timeout"),
                    $"must be at least the window ({Describe(window)}), got {Describe(idleTimeout)}: a limiter put away earlier would forget requests that still count");
            if (idleTimeout > MaxDuration)
                throw new ConfigException(section.KeyOf("idle-timeout"), $"must be at most {Describe(MaxDuration)}, got {Describe(idleTimeout)}");

            var leases = section.Flag("leases", Default.Leases);
            return new Settings(enabled, requests, window, algorithm, key, idleTimeout) { Leases = leases };
        }

        // Error messages echo durations the way HOCON writes them, not as 00:01:00.
        private static string Describe(TimeSpan duration) =>
            duration.Ticks % TimeSpan.TicksPerSecond == 0
                ? $"{duration.Ticks / TimeSpan.TicksPerSecond}s"
                : $"{duration.TotalMilliseconds:0.###}ms";
    }
}
