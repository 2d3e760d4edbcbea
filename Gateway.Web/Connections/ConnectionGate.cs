using Gateway.Web.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Connections;

/// <summary>
/// Caps the client connections open at once (<c>gateway.limits.max-connections</c>) and refuses the excess
/// by closing it as soon as it is accepted, before a byte is read, so a flood of connections costs the
/// gateway a descriptor for a moment and nothing more. One count covers a connection's whole life, upgraded
/// or not: Kestrel's own limits count WebSockets apart from other connections (MaxConcurrentConnections and
/// MaxConcurrentUpgradedConnections), which would allow twice the descriptors the cap is there to protect.
/// Refusals are counted for the metrics and logged at most once per <see cref="LogInterval"/>.
/// </summary>
public sealed partial class ConnectionGate(int? max, long? descriptorLimit, ILogger<ConnectionGate> logger, TimeProvider clock)
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly OncePerInterval _refusalLine = new(LogInterval, clock);
    private long _open;
    private long _refused;

    /// <summary>The cap in force; null when there is none (no descriptor limit known and none configured).</summary>
    public int? Max { get; } = max;

    public long Open => Interlocked.Read(ref _open);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Kestrel connection middleware: first on every endpoint, so a refused connection reaches nothing else.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (Interlocked.Increment(ref _open) > Max)
        {
            Interlocked.Decrement(ref _open);
            Refuse();
            connection.Abort(new ConnectionAbortedException("gateway.limits.max-connections reached"));
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private void Refuse()
    {
        Interlocked.Increment(ref _refused);
        if (_refusalLine.Count(out var refused))
            LogRefused(logger, refused, Max ?? 0, descriptorLimit?.ToString() ?? "unknown", LogInterval.TotalSeconds);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning,
        Message = "Connection limit reached: {Refused} client connection(s) refused since the last such line (gateway.limits.max-connections = {Max}, descriptor limit {DescriptorLimit}); at most one line per {IntervalSeconds} s")]
    private static partial void LogRefused(ILogger logger, long refused, int max, string descriptorLimit, double intervalSeconds);
}
