using System.Collections.Immutable;
using Gateway.Actors.Caching;
using Gateway.Web.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Caching;

/// <summary>Turns the response the client just received into the entry the cache keeps.</summary>
public static class CachedEntryFactory
{
    /// <param name="requestedAt">
    /// When the lookup was made. The entry's age counts from there plus the origin's <c>Age</c> (RFC 9111 §4.2.3's
    /// corrected age: the time the upstream took counts too), so every hit's <c>Age</c> is that plus the time since.
    /// </param>
    public static CachedResponse Create(
        HttpContext context, StoreDecision decision, DateTimeOffset requestedAt, ReadOnlySpan<byte> body, ResponseCache.Settings settings)
    {
        var response = context.Response;
        var entry = new CachedResponse(
            response.StatusCode,
            StoredHeaders(response.Headers),
            body,
            storedAt: requestedAt - decision.Age,
            decision.TimeToLive,
            VaryValues(context));
        return StorePolicy.WithStaleAllowances(entry, response.Headers, settings);
    }

    /// <summary>End-to-end headers only: no hop-by-hop field (nor one the response's Connection names), none the gateway writes itself.</summary>
    private static List<CachedHeader> StoredHeaders(IHeaderDictionary headers)
    {
        var hopByHop = HopByHopHeaders.For(headers.Connection);
        var stored = new List<CachedHeader>(headers.Count);
        foreach (var (name, values) in headers)
        {
            if (hopByHop.Contains(name) || CacheHeaders.IsGatewayOwned(name)) continue;
            stored.Add(new CachedHeader(name, Copy(values)));
        }
        return stored;
    }

    /// <summary>Which variant it is (RFC 9111 §4.1): the filling request's values of each field the response varies on.</summary>
    private static ImmutableArray<CachedHeader> VaryValues(HttpContext context) =>
        VaryValue.IdentityOf(SharedCacheRules.VaryNames(context.Response.Headers.Vary), new RequestVaryFields(context.Request.Headers));

    /// <summary>A copy: StringValues may hand out the array it wraps, and an entry must not share anything mutable.</summary>
    private static ImmutableArray<string> Copy(StringValues values)
    {
        var copy = ImmutableArray.CreateBuilder<string>(values.Count);
        foreach (var value in values) copy.Add(value ?? "");
        return copy.MoveToImmutable();
    }
}
