using System.Globalization;
using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Web.Balancing;
using Gateway.Web.Configuration;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Observability;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Caching;

/// <summary>
/// The cache step in front of the upstream dispatcher. On a route with caching on, a GET or HEAD whose
/// fresh response (of the variant its fields pick, RFC 9111 §4.1) is on the cache's <see cref="CacheBoard"/> is
/// written from memory at once; any other costs one Ask of the cache actor: a hit is written from memory, a miss
/// is forwarded and teed into the entry, anything else is forwarded untouched. Unsafe methods invalidate the URI's entry.
/// </summary>
public sealed partial class CacheGate(
    RouteCaches caches,
    RouteTableSource routes,
    ActorSystem system,
    UpstreamDispatcher dispatcher,
    GatewayMetrics metrics,
    SilentCacheShards silentShards,
    ILogger<CacheGate> logger)
{
    /// <summary>
    /// Beyond fill-wait, which bounds how long the cache holds a lookup back: room for two mailboxes.
    /// A lookup that still gets no answer goes upstream uncached.
    /// </summary>
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(5);

    /// <summary>Null when the client has its answer (from memory or the upstream); otherwise the gateway's own answer to write.</summary>
    public Task<Refusal?> SendAsync(HttpContext context, RouteMatch match)
    {
        var settings = match.Route.Cache;
        if (!settings.Enabled) return DispatchAsync(context, match);

        var decision = StorePolicy.ForRequest(context.Request);
        return decision.UseCache
            ? LookUpAsync(context, match, settings, decision)
            : BypassAsync(context, match, decision);
    }

    private async Task<Refusal?> DispatchAsync(HttpContext context, RouteMatch match, ExchangeHooks? hooks = null) =>
        (await dispatcher.SendAsync(context, match, hooks)).Refusal;

    private Task<Refusal?> LookUpAsync(HttpContext context, RouteMatch match, ResponseCache.Settings settings, RequestDecision decision)
    {
        var request = context.Request;
        var key = CacheKey.ForGet(match.Route.Id, request);
        var cache = caches.For(match.Route);
        var now = system.Scheduler.Now;
        // Whatever the board cannot answer (nothing fresh there, not this request's variant) is asked of the actor, as ever.
        if (cache.Board.TryGetFresh(key, now, new RequestVaryFields(request.Headers), out var fresh)
            && (decision.Freshness?.Accepts(fresh.Response, now) ?? true))
        {
            fresh.CountHit();
            return Answered(WriteHitAsync(context, fresh.Response, fresh.Response.AgeAt(now), collapsed: false));
        }
        return AskAsync(context, match, settings, decision, key, cache, now);
    }

    /// <summary>Written from memory: nothing left for the pipeline to answer.</summary>
    private static async Task<Refusal?> Answered(Task written)
    {
        await written;
        return null;
    }

    private async Task<Refusal?> AskAsync(
        HttpContext context, RouteMatch match, ResponseCache.Settings settings, RequestDecision decision, string key, RouteCache routeCache, DateTimeOffset requestedAt)
    {
        var request = context.Request;
        var cache = routeCache.Actor;
        var shard = ResponseCache.ShardOf(routeCache.Id, key);
        if (silentShards.IsSilent(shard))
            return await ForwardAsync(context, match, CacheHeaders.Forwarded("uri-miss", "detail=owner-unreachable"));
        // The entity picks the variant (RFC 9111 §4.1) by the request's fields.
        var fields = new RequestVaryFields(request.Headers).Snapshot();
        // only-if-cached never waits on a fill nor starts one: what is stored now answers it, or nothing does.
        var lookup = decision.OnlyIfCached
            ? new ResponseCache.Lookup(key, TimeSpan.Zero, WillFill: false, decision.Freshness) { Fields = fields }
            : new ResponseCache.Lookup(key, settings.FillWait, WillFill: decision.MayFill && !StorePolicy.CannotFill(request), decision.Freshness) { Fields = fields };
        ResponseCache.ILookupReply reply;
        try
        {
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            reply = await cache.Ask<ResponseCache.ILookupReply>(lookup, settings.FillWait + AskMargin);
            metrics.RecordDecision("cache-lookup", reply.CrossNode, System.Diagnostics.Stopwatch.GetElapsedTime(asked));
        }
        catch (AskTimeoutException)
        {
            // Should a ticket have been issued to us after all, the entry's fill deadline releases the key.
            LogLookupTimedOut(key);
            silentShards.Remember(shard);
            reply = new ResponseCache.GoUpstream(key, "lookup-timeout");
        }

        switch (reply)
        {
            case ResponseCache.Hit { StaleReason: { } staleReason } stale:
                await WriteHitAsync(context, stale.Entry, stale.Age, collapsed: false, StaleCacheStatus(stale.Entry, stale.Age, staleReason));
                // RFC 5861 §3: served stale, refreshed after; one request per key gets to do it.
                if (stale.Refresh is { } ticket) RefreshInBackground(context, match, settings, cache, new ResponseCache.Miss(key, ticket) { Stale = stale.Entry });
                return null;
            // The entity picked the variant: a hit is this request's.
            case ResponseCache.Hit hit:
                await WriteHitAsync(context, hit.Entry, hit.Age, hit.Collapsed);
                return null;
            case ResponseCache.GoUpstream when decision.OnlyIfCached:
                return NotCached(context);
            case ResponseCache.Miss miss:
                return await FillAsync(context, match, settings, cache, miss, requestedAt);
            case ResponseCache.GoUpstream goUpstream:
                return await ForwardAsync(context, match, CacheHeaders.Forwarded(goUpstream.VaryMiss ? "vary-miss" : "uri-miss", $"detail={goUpstream.Reason}"));
            default:
                throw new InvalidOperationException($"Unexpected cache reply {reply.GetType().Name}");
        }
    }

    private static Task WriteHitAsync(HttpContext context, CachedResponse entry, TimeSpan age, bool collapsed, string? cacheStatus = null)
    {
        var outcome = RequestOutcome.Of(context);
        outcome.Cache = CacheOutcome.Hit;
        if (!HttpMethods.IsHead(context.Request.Method)) outcome.ResponseBytes = entry.Body.Length;
        return CachedResponseWriter.WriteAsync(context, entry, age, collapsed, cacheStatus);
    }

    /// <summary>A stale entry's member: RFC 9211 §2.5 gives a negative <c>ttl</c> for a response past its freshness.</summary>
    private static string StaleCacheStatus(CachedResponse entry, TimeSpan age, string reason) =>
        $"{CacheHeaders.CacheName}; hit; ttl={CacheHeaders.Seconds(entry.TimeToLive - age)}; detail={reason}";

    /// <summary>
    /// Refreshes a stale entry after its stale response has gone out, on a request of its own: the same method,
    /// URI and fields as the client's, with the stale entry's validators, through the same dispatcher (balancing,
    /// breakers), its response filling the key and going nowhere else. The client's connection is not held for it.
    /// </summary>
    private void RefreshInBackground(HttpContext context, RouteMatch match, ResponseCache.Settings settings, IActorRef cache, ResponseCache.Miss refresh)
    {
        var copy = BackgroundRequest.CopyOf(context);
        _ = Task.Run(async () =>
        {
            try
            {
                await FillAsync(copy, match, settings, cache, refresh, system.Scheduler.Now);
            }
            catch (Exception e)
            {
                LogRefreshFailed(refresh.Key, e.Message);
            }
        });
    }

    private static readonly Refusal OnlyIfCachedMiss = new Refusal(StatusCodes.Status504GatewayTimeout, "Not cached",
            "The request allows only a stored response (Cache-Control: only-if-cached), and none that it accepts is stored.") { NotForwarded = true }
        .With(CacheHeaders.XCache, CacheHeaders.Miss)
        .With(CacheHeaders.CacheStatus, $"{CacheHeaders.CacheName}; detail=only-if-cached");

    /// <summary>RFC 9111 §5.2.1.7: nothing stored for an <c>only-if-cached</c> request is answered 504.</summary>
    private static Refusal NotCached(HttpContext context)
    {
        RequestOutcome.Of(context).Cache = CacheOutcome.Miss;
        return OnlyIfCachedMiss;
    }

    private async Task<Refusal?> FillAsync(HttpContext context, RouteMatch match, ResponseCache.Settings settings, IActorRef cache, ResponseCache.Miss miss, DateTimeOffset requestedAt)
    {
        RequestOutcome.Of(context).Cache = CacheOutcome.Miss;
        // Disposing abandons the fill if the forward threw before Complete told the cache anything.
        using var fill = new CacheFill(context, settings, cache, miss, requestedAt, () => system.Scheduler.Now);
        var sent = await dispatcher.SendAsync(context, match, fill.Hooks);
        fill.Complete(sent.Result);
        return sent.Refusal;
    }

    /// <summary>Forwarded past the cache: a MISS that fills nothing.</summary>
    private Task<Refusal?> ForwardAsync(HttpContext context, RouteMatch match, string cacheStatus)
    {
        RequestOutcome.Of(context).Cache = CacheOutcome.Miss;
        CacheHeaders.SetWhenStarting(context.Response, CacheHeaders.Miss, cacheStatus);
        return DispatchAsync(context, match);
    }

    private Task<Refusal?> BypassAsync(HttpContext context, RouteMatch match, RequestDecision decision)
    {
        RequestOutcome.Of(context).Cache = CacheOutcome.Bypass;
        var response = context.Response;
        CacheHeaders.SetWhenStarting(response, CacheHeaders.Bypass, $"{CacheHeaders.CacheName}; {decision.CacheStatusParameters}");
        if (IsUnsafe(context.Request.Method))
        {
            // RFC 9111 §4.4: a non-error answer to an unsafe method invalidates the stored response for the URI,
            // and for the same-origin URIs its Location and Content-Location name. Revoked on the board and
            // told as the answer starts, so a request the client sends after seeing it finds the entry gone:
            // the board no longer shows it, and the actor has the invalidation queued ahead of that request's lookup.
            response.OnStarting(static state =>
            {
                var (gate, context, match) = ((CacheGate, HttpContext, RouteMatch))state;
                if (context.Response.StatusCode is >= 200 and < 400) gate.Invalidate(context, match);
                return Task.CompletedTask;
            }, (this, context, match));
        }
        return DispatchAsync(context, match);
    }

    private void Invalidate(HttpContext context, RouteMatch match)
    {
        var request = context.Request;
        Revoke(match.Route, CacheKey.ForGet(match.Route.Id, request));
        foreach (var (path, query) in InvalidatedUris.NamedBy(request, context.Response.Headers))
        {
            // A URI of another route is that route's to invalidate, in its cache; one no route serves has no entry.
            if (routes.Current.Match(path) is { Route: { Cache.Enabled: true } route })
                Revoke(route, CacheKey.ForGet(route.Id, path, query));
        }
    }

    private void Revoke(RouteSettings route, string key)
    {
        var cache = caches.For(route);
        cache.Actor.Tell(cache.Board.Revoke(key), ActorRefs.NoSender);
    }

    /// <summary>Every method but the safe ones, including methods the gateway does not know (RFC 9111 §4.4).</summary>
    private static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Cache lookup for {Key} got no answer in time; forwarding uncached")]
    private partial void LogLookupTimedOut(string key);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Background refresh of {Key} failed: {Error}")]
    private partial void LogRefreshFailed(string key, string error);
}

/// <summary>
/// The key a response is cached under: route, method, path and the raw query string. HEAD shares
/// GET's key because it is answered from the stored GET. Vary is not part of the key: a key holds
/// several variants, each carrying the request values it varies on, and a request is given the one it matches.
/// </summary>
public static class CacheKey
{
    /// <summary>The key of the GET for this request's URI, whatever the request's own method.</summary>
    public static string ForGet(string routeId, HttpRequest request) =>
        ForGet(routeId, request.Path.Value, request.QueryString.Value);

    /// <param name="path">The request's path, as received (with the route's prefix).</param>
    /// <param name="query">The raw query string with its <c>?</c>, or null.</param>
    public static string ForGet(string routeId, string? path, string? query) =>
        // The route id is length-prefixed so no route id and path can run together into another's key;
        // the path always starts with '/', and the query is passed on byte for byte, so it is kept as received.
        string.Create(CultureInfo.InvariantCulture, $"GET {routeId.Length}:{routeId}{path}{query}");
}
