using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.Configuration;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;

namespace Gateway.Web.Configuration;

/// <summary>One entry of <c>gateway.routes</c>, validated, with its policy blocks already laid over the global ones.</summary>
public sealed record RouteSettings(
    string Id,
    string Prefix,
    IReadOnlyList<Uri> Upstreams,
    bool StripPrefix,
    RateLimiter.Settings RateLimit,
    ResponseCache.Settings Cache,
    CircuitBreaker.Settings CircuitBreaker,
    WebSocketRelay.Settings WebSocket,
    AuthSettings Auth)
{
    /// <summary>The fields a route block may hold; anything else is a typo worth stopping for.</summary>
    public static readonly IReadOnlyCollection<string> KnownFields =
        ["prefix", "upstreams", "strip-prefix", "rate-limit", "cache", "circuit-breaker", "websocket", "auth"];

    /// <summary>
    /// True when the route has its own <c>rate-limit</c> block, and so its own budget per client;
    /// false when it inherits the global block and shares the global budget.
    /// </summary>
    public bool OwnRateLimit { get; init; }

    /// <summary>How long the upstream has to send its response headers before the client gets 504.</summary>
    public TimeSpan CallTimeout => CircuitBreaker.CallTimeout;

    /// <summary>
    /// Reads one route. Its policy blocks fall back to <paramref name="defaults"/>, which were validated
    /// first, so any error found here is in the route's own keys and is reported under them.
    /// </summary>
    public static RouteSettings Create(string id, ConfigReader route, RouteDefaults defaults)
    {
        route.RejectUnknown(KnownFields);
        return new RouteSettings(
            id,
            ReadPrefix(route),
            ReadUpstreams(route),
            route.Flag("strip-prefix", fallback: true),
            defaults.For(route, "rate-limit", defaults.RateLimit, RateLimiter.Settings.Create),
            defaults.For(route, "cache", defaults.Cache, ResponseCache.Settings.Create),
            // The breaker reads its own override with the global settings as fallback, so its
            // cross-key checks (max-reset-timeout >= reset-timeout) see the effective values.
            route.Has("circuit-breaker")
                ? Actors.CircuitBreaking.CircuitBreaker.Settings.Create(route.Section("circuit-breaker"), defaults.CircuitBreaker)
                : defaults.CircuitBreaker,
            defaults.For(route, "websocket", defaults.WebSocket, WebSocketRelay.Settings.Create),
            defaults.For(route, "auth", defaults.Auth, AuthSettings.Create))
        {
            OwnRateLimit = route.Has("rate-limit"),
        };
    }

    private static string ReadPrefix(ConfigReader route)
    {
        var prefix = route.Text("prefix");
        var key = route.KeyOf("prefix");
        if (!prefix.StartsWith('/')) throw new ConfigException(key, $"'{prefix}' must start with '/'");
        if (prefix.IndexOfAny(['?', '#', '\\', ' ']) >= 0)
            throw new ConfigException(key, $"'{prefix}' must be a plain path (no '?', '#', '\\' or spaces)");
        if (prefix.Split('/').Any(segment => segment is "." or ".."))
            throw new ConfigException(key, $"'{prefix}' must not contain dot segments");
        // "/service-a/" and "/service-a" are the same route; "/" alone is a catch-all.
        return prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
    }

    private static IReadOnlyList<Uri> ReadUpstreams(ConfigReader route)
    {
        var texts = route.Texts("upstreams");
        var key = route.KeyOf("upstreams");
        if (texts.Count == 0) throw new ConfigException(key, "needs at least one upstream URL");
        return texts.Select((text, i) => ParseUpstream(text, $"{key}[{i}]")).ToList();
    }

    private static Uri ParseUpstream(string text, string key)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ConfigException(key, $"'{text}' is not an absolute http(s) URL");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new ConfigException(key, $"'{text}' must not carry a query or fragment");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new ConfigException(key, $"'{text}' must not carry credentials");
        return uri;
    }
}
