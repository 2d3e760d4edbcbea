using System.Runtime.CompilerServices;
using Gateway.Actors.RateLimiting;
using Gateway.Web.Configuration;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
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

    // One per route table entry, made on its first request: a route's settings never change (a reload makes new ones).
    private static readonly ConditionalWeakTable<RouteSettings, RateLimitPolicyChoice> PerRoute = new();

    public static RateLimitPolicyChoice For(RouteSettings route) => PerRoute.GetValue(route, Create);

    private static RateLimitPolicyChoice Create(RouteSettings route) =>
        route.OwnRateLimit
            ? new RateLimitPolicyChoice(RoutePolicyPrefix + route.Id, route.Id, route.RateLimit)
            : new RateLimitPolicyChoice(GlobalPolicyName, GlobalPolicyName, route.RateLimit);

    /// <summary>The <c>RateLimit-Policy</c> value, the same on every response under this policy.</summary>
    public string PolicyHeader { get; } = RateLimitHeaders.Policy(PolicyName, Policy.Requests, Policy.Window);

    /// <summary>The <c>RateLimit</c> value of one decision.</summary>
    public string RateLimitHeader(int remaining, TimeSpan resetAfter) => RateLimitHeaders.RateLimit(PolicyName, remaining, resetAfter);

    /// <summary>
    /// The client identity the policy counts by. <c>key = api-key</c> counts by the name of the API key
    /// the auth step verified; a request without one (a route with auth off) is counted by its client
    /// IP, so anonymous callers are still limited rather than let through. The two kinds of key are
    /// prefixed so a key name can never collide with an address.
    /// </summary>
    public string ClientKeyOf(HttpContext context) =>
        Policy.Key == ClientKeySource.ApiKey && RequestOutcome.Of(context).ApiKeyName is { } name
            ? "key:" + name
            : "ip:" + ClientAddress.Of(context);
}
