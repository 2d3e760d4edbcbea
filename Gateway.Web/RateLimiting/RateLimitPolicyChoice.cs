using Gateway.Actors.RateLimiting;
using Gateway.Web.Configuration;
using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.RateLimiting;

/// <summary>
/// Which budget a request draws from and under what name the client sees it.
/// </summary>
/// <remarks>
/// Every route that inherits the global <c>gateway.rate-limit</c> block shares ONE budget per client,
/// named <c>"default"</c>: a client cannot multiply its quota by spreading requests over routes. A route
/// with its own <c>rate-limit { ... }</c> block has its own budget per client, named after the route.
/// The limiter keys route budgets <c>route:&lt;id&gt;</c> internally, so a route that happens to be called
/// "default" can never share the global budget under a different policy.
/// </remarks>
public sealed record RateLimitPolicyChoice(string LimiterPolicyId, string PolicyName, RateLimiter.Settings Policy)
{
    public const string GlobalPolicyName = "default";
    private const string RoutePolicyPrefix = "route:";

    public static RateLimitPolicyChoice For(RouteSettings route, RouteDefaults defaults) =>
        // RouteDefaults.For hands a route without its own block the very global settings object, so
        // identity (not value equality) tells "inherits" from "overrides with the same numbers".
        ReferenceEquals(route.RateLimit, defaults.RateLimit)
            ? new RateLimitPolicyChoice(GlobalPolicyName, GlobalPolicyName, route.RateLimit)
            : new RateLimitPolicyChoice(RoutePolicyPrefix + route.Id, route.Id, route.RateLimit);

    /// <summary>
    /// The client identity the policy counts by. <c>key = api-key</c> needs a verified API key, which the
    /// auth step (not built yet) will provide; until a request carries one, it is counted by its client
    /// IP like <c>client-ip</c>, so anonymous callers are still limited rather than let through.
    /// </summary>
    public string ClientKeyOf(HttpContext context) => ClientAddress.Of(context).ToString();

    public RateLimiter.Check CheckFor(HttpContext context) => new(LimiterPolicyId, ClientKeyOf(context), Policy);
}
