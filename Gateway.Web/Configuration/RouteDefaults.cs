using Gateway.Actors.Caching;
using Gateway.Actors.CircuitBreaking;
using Gateway.Actors.Configuration;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.WebSockets;

namespace Gateway.Web.Configuration;

/// <summary>
/// The global policy blocks, validated once before any route, and inherited by every route that does
/// not override them. Because they are valid, an error found while reading a route's override is in
/// the route's own keys and is reported under them.
/// </summary>
public sealed record RouteDefaults(
    ConfigReader Gateway,
    RateLimiter.Settings RateLimit,
    ResponseCache.Settings Cache,
    CircuitBreaker.Settings CircuitBreaker,
    WebSocketRelay.Settings WebSocket,
    AuthSettings Auth)
{
    public static RouteDefaults Create(ConfigReader gateway) => new(
        gateway,
        RateLimiter.Settings.Create(gateway.Section("rate-limit")),
        ResponseCache.Settings.Create(gateway.Section("cache")),
        Actors.CircuitBreaking.CircuitBreaker.Settings.Create(gateway.Section("circuit-breaker")),
        WebSocketRelay.Settings.Create(gateway.Section("websocket")),
        AuthSettings.Create(gateway.Section("auth")));

    /// <summary>A route's policy: its own block laid over the global one, or the global settings when it has none.</summary>
    public T For<T>(ConfigReader route, string name, T global, Func<ConfigReader, T> create) =>
        route.Has(name) ? create(route.Section(name).Over(Gateway.Section(name))) : global;
}
