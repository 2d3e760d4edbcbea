using Microsoft.Extensions.Logging;

namespace Gateway.Web.Logging;

/// <summary>
/// The one line per request. Every field is a named property of the JSON line; nothing secret is
/// among them (no headers, no query string, the API key's name and never its value).
/// </summary>
public static partial class RequestLog
{
    public const string Category = "Gateway.Requests";

    [LoggerMessage(EventId = 1000, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} {DurationMs}ms route={RouteId} client={ClientIp} upstream={Upstream} " +
                  "cache={CacheStatus} ratelimit={RateLimit} breaker={BreakerState} key={ApiKeyName} in={BytesIn} out={BytesOut} trace={TraceId}")]
    public static partial void Request(
        ILogger logger, string method, string path, int status, double durationMs, string? routeId, string? clientIp,
        string? upstream, string? cacheStatus, string? rateLimit, string? breakerState, string? apiKeyName,
        long bytesIn, long bytesOut, string traceId);
}
