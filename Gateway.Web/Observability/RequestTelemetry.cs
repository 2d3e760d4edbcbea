using System.Diagnostics;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Observability;

/// <summary>
/// Turns each finished request into its metrics, its route's running totals and, when the rate limiter
/// refused it, a count against the client. The one place request telemetry is recorded; the policy
/// steps only fill in <c>RequestOutcome</c>.
/// </summary>
public sealed class RequestTelemetry(GatewayMetrics metrics, RouteTraffic traffic, DeniedClients denied)
{
    /// <summary>Route tag of requests no route matched.</summary>
    public const string NoRouteTag = "none";

    public void Record(in FinishedRequest request)
    {
        var route = new KeyValuePair<string, object?>("route", request.RouteId ?? NoRouteTag);
        var tags = new TagList
        {
            route,
            { "method", MethodTag(request.Method) },
            { "status_code", StatusTag(request.Status) },
        };
        metrics.Requests.Add(1, tags);
        metrics.Duration.Record(request.DurationMs, route);

        switch (request.Cache)
        {
            case CacheOutcome.Hit: metrics.CacheHits.Add(1, route); break;
            case CacheOutcome.Miss: metrics.CacheMisses.Add(1, route); break;
            case CacheOutcome.Bypass: metrics.CacheBypasses.Add(1, route); break;
        }
        if (request.Denied)
        {
            metrics.RateLimitDenials.Add(1, route);
            if (request.ClientKey is { } client) denied.Record(client);
        }
        traffic.Record(request.RouteId, request.Status, request.Cache, request.Denied);
    }

    // Boxed once: a tag value is an object, and every request has a status.
    private static readonly object[] BoxedStatusCodes = Enumerable.Range(0, 600).Select(static code => (object)code).ToArray();

    private static object StatusTag(int status) => (uint)status < (uint)BoxedStatusCodes.Length ? BoxedStatusCodes[status] : status;

    /// <summary>The method as a tag: the standard ones by name, anything else as one value so a client cannot invent new series.</summary>
    public static string MethodTag(string method) =>
        HttpMethods.IsGet(method) ? HttpMethods.Get
        : HttpMethods.IsHead(method) ? HttpMethods.Head
        : HttpMethods.IsPost(method) ? HttpMethods.Post
        : HttpMethods.IsPut(method) ? HttpMethods.Put
        : HttpMethods.IsDelete(method) ? HttpMethods.Delete
        : HttpMethods.IsPatch(method) ? HttpMethods.Patch
        : HttpMethods.IsOptions(method) ? HttpMethods.Options
        : HttpMethods.IsConnect(method) ? HttpMethods.Connect
        : HttpMethods.IsTrace(method) ? HttpMethods.Trace
        : "_OTHER";
}
