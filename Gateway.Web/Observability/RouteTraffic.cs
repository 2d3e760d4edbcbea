using System.Collections.Concurrent;
using Gateway.Web.Http;

namespace Gateway.Web.Observability;

/// <summary>
/// Running totals per route for the status page (which turns them into rates between two polls).
/// One small counter object per configured route, plus one for requests no route matched; the
/// counters of a route removed by a reload are dropped with it, so the table never outgrows the config.
/// </summary>
public sealed class RouteTraffic
{
    /// <summary>The key under which requests that matched no route are counted.</summary>
    public const string NoRoute = "";

    private readonly ConcurrentDictionary<string, RouteCounters> _byRoute = new(StringComparer.Ordinal);

    public void Record(string? routeId, int status, CacheOutcome cache, bool denied)
    {
        var counters = _byRoute.GetOrAdd(routeId ?? NoRoute, static _ => new RouteCounters());
        counters.Record(status, cache, denied);
    }

    public RouteTotals Totals(string? routeId) =>
        _byRoute.TryGetValue(routeId ?? NoRoute, out var counters) ? counters.Read() : RouteTotals.Zero;

    /// <summary>Every route's totals added up (unmatched requests included).</summary>
    public RouteTotals All() => _byRoute.Values.Select(c => c.Read()).Aggregate(RouteTotals.Zero, (a, b) => a + b);

    /// <summary>Forgets routes that are no longer configured.</summary>
    public void Retain(IReadOnlyCollection<string> routeIds)
    {
        foreach (var id in _byRoute.Keys)
        {
            if (id != NoRoute && !routeIds.Contains(id)) _byRoute.TryRemove(id, out _);
        }
    }

    private sealed class RouteCounters
    {
        private long _requests, _serverErrors, _clientErrors, _denied, _hits, _misses, _bypasses;

        public void Record(int status, CacheOutcome cache, bool denied)
        {
            Interlocked.Increment(ref _requests);
            if (status >= 500) Interlocked.Increment(ref _serverErrors);
            else if (status >= 400) Interlocked.Increment(ref _clientErrors);
            if (denied) Interlocked.Increment(ref _denied);
            switch (cache)
            {
                case CacheOutcome.Hit: Interlocked.Increment(ref _hits); break;
                case CacheOutcome.Miss: Interlocked.Increment(ref _misses); break;
                case CacheOutcome.Bypass: Interlocked.Increment(ref _bypasses); break;
            }
        }

        public RouteTotals Read() => new(
            Interlocked.Read(ref _requests), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _clientErrors),
            Interlocked.Read(ref _denied), Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _bypasses));
    }
}

/// <param name="ServerErrors">Answers with a 5xx status, the gateway's own 502/503/504 included.</param>
/// <param name="ClientErrors">Answers with a 4xx status (429s included; they are also counted in <paramref name="RateLimited"/>).</param>
public sealed record RouteTotals(long Requests, long ServerErrors, long ClientErrors, long RateLimited, long CacheHits, long CacheMisses, long CacheBypasses)
{
    public static readonly RouteTotals Zero = new(0, 0, 0, 0, 0, 0, 0);

    public static RouteTotals operator +(RouteTotals a, RouteTotals b) => new(
        a.Requests + b.Requests, a.ServerErrors + b.ServerErrors, a.ClientErrors + b.ClientErrors, a.RateLimited + b.RateLimited,
        a.CacheHits + b.CacheHits, a.CacheMisses + b.CacheMisses, a.CacheBypasses + b.CacheBypasses);
}
