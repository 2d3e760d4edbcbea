using System.Globalization;
using Gateway.Actors.Configuration;

namespace Gateway.Actors.CircuitBreaking;

public static partial class CircuitBreaker
{
    /// <summary>
    /// One breaker's settings, read from a <c>circuit-breaker { ... }</c> block.
    /// </summary>
    /// <param name="MaxFailures"><c>max-failures</c>: consecutive failures that open the breaker (default 5, at least 1).</param>
    /// <param name="ResetTimeout"><c>reset-timeout</c>: the first open period (default 10s).</param>
    /// <param name="MaxResetTimeout"><c>max-reset-timeout</c>: cap of the doubling backoff (default 5m, or reset-timeout if larger).</param>
    /// <param name="CallTimeout"><c>call-timeout</c>: response headers later than this are a failure; also how long a probe may stay unreported (default 30s).</param>
    /// <param name="ResetJitter"><c>reset-jitter</c>: an open period is shortened by a random fraction of up to this much, so breakers of many gateways do not probe in step (default 0.1, 0..1).</param>
    public sealed record Settings(
        int MaxFailures,
        TimeSpan ResetTimeout,
        TimeSpan MaxResetTimeout,
        TimeSpan CallTimeout,
        double ResetJitter)
    {
        public static Settings Default { get; } = new(
            MaxFailures: 5,
            ResetTimeout: TimeSpan.FromSeconds(10),
            MaxResetTimeout: TimeSpan.FromMinutes(5),
            CallTimeout: TimeSpan.FromSeconds(30),
            ResetJitter: 0.1);

        private static readonly string[] Known =
            ["max-failures", "reset-timeout", "max-reset-timeout", "call-timeout", "reset-jitter"];

        /// <summary>
        /// Reads <paramref name="section"/>; keys it leaves out come from <paramref name="fallback"/>
        /// (pass the global settings when reading a route's override block) or the defaults.
        /// </summary>
        public static Settings Create(ConfigReader section, Settings? fallback = null)
        {
            var basis = fallback ?? Default;
            section.RejectUnknown(Known);

            var maxFailures = section.Count("max-failures", basis.MaxFailures, min: 1);
            var resetTimeout = section.Duration("reset-timeout", basis.ResetTimeout);
            var callTimeout = section.Duration("call-timeout", basis.CallTimeout);
            var jitter = ReadFraction(section, "reset-jitter", basis.ResetJitter);

            TimeSpan maxResetTimeout;
            if (section.Has("max-reset-timeout"))
            {
                maxResetTimeout = section.Duration("max-reset-timeout", basis.MaxResetTimeout);
                if (maxResetTimeout < resetTimeout)
                    throw new ConfigException(section.KeyOf("max-reset-timeout"),
                        $"must be at least reset-timeout ({resetTimeout}), got {maxResetTimeout}");
            }
            else
            {
                // Not written: a long reset-timeout alone should not become an error about a key the user never set.
                maxResetTimeout = basis.MaxResetTimeout < resetTimeout ? resetTimeout : basis.MaxResetTimeout;
            }

            return new Settings(maxFailures, resetTimeout, maxResetTimeout, callTimeout, jitter);
        }

        // ConfigReader has no fractional reader; HOCON hands the value over as text either way.
        private static double ReadFraction(ConfigReader section, string name, double fallback)
        {
            if (!section.Has(name)) return fallback;
            var text = section.Text(name).Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new ConfigException(section.KeyOf(name), $"'{text}' is not a number (e.g. 0.1)");
            if (value is < 0 or > 1)
                throw new ConfigException(section.KeyOf(name), $"must be a fraction between 0 and 1, got {text}");
            return value;
        }
    }
}
