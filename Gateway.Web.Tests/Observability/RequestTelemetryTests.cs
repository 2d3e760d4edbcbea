using System.Diagnostics.Metrics;
using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Connections;
using Gateway.Web.Http;
using Gateway.Web.Observability;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Web.Tests.Observability;

/// <summary>
/// How a finished request's <c>RequestOutcome</c> becomes metrics and tallies: the cache and
/// rate-limit steps write HIT/MISS/BYPASS and allowed/denied there, and this is the one place they
/// are counted.
/// </summary>
public sealed class RequestTelemetryTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly GatewayMetrics _metrics;
    private readonly RouteTraffic _traffic = new();
    private readonly DeniedClients _denied = new(8, new ManualTime(DateTimeOffset.UnixEpoch));
    private readonly RequestTelemetry _telemetry;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public RequestTelemetryTests()
    {
        _metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>(), new ActorStatsBoard(), new BreakerBoard(),
            new ConnectionGate(null, null, NullLogger<ConnectionGate>.Instance, TimeProvider.System), new InFlightRequests());
        _telemetry = new RequestTelemetry(_metrics, _traffic, _denied);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measurements) _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        _listener.Start();
    }

    [Fact]
    public void CacheOutcomes_CountAsHitsMissesAndBypasses_PerRoute()
    {
        _telemetry.Record(Request("a", 200, cache: CacheOutcome.Hit));
        _telemetry.Record(Request("a", 200, cache: CacheOutcome.Hit));
        _telemetry.Record(Request("a", 200, cache: CacheOutcome.Miss));
        _telemetry.Record(Request("a", 200, cache: CacheOutcome.Bypass));
        _telemetry.Record(Request("b", 200, cache: CacheOutcome.None));

        Assert.Equal(2, Sum("gateway.cache.hits", "a"));
        Assert.Equal(1, Sum("gateway.cache.misses", "a"));
        Assert.Equal(1, Sum("gateway.cache.bypasses", "a"));
        Assert.Equal(0, Sum("gateway.cache.hits", "b") + Sum("gateway.cache.misses", "b") + Sum("gateway.cache.bypasses", "b"));
        Assert.Equal(new RouteTotals(4, 0, 0, 0, 2, 1, 1), _traffic.Totals("a"));
    }

    [Fact]
    public void Denials_AreCounted_AndRankTheClients()
    {
        for (var i = 0; i < 3; i++) _telemetry.Record(Request("a", 429, rateLimit: RateLimitOutcome.Denied, client: "10.0.0.9"));
        _telemetry.Record(Request("a", 429, rateLimit: RateLimitOutcome.Denied, client: "10.0.0.7"));
        _telemetry.Record(Request("a", 200, rateLimit: RateLimitOutcome.Allowed, client: "10.0.0.8"));
        _telemetry.Record(Request("a", 200, rateLimit: RateLimitOutcome.Off, client: "10.0.0.8"));

        Assert.Equal(4, Sum("gateway.ratelimit.denials", "a"));
        Assert.Equal([new ClientDenials("10.0.0.9", 3), new ClientDenials("10.0.0.7", 1)], _denied.Top(10));
        var totals = _traffic.Totals("a");
        Assert.Equal(4, totals.RateLimited);
        Assert.Equal(4, totals.ClientErrors);
    }

    [Fact]
    public void EveryRequest_IsCountedWithRouteMethodAndStatus_AndOddMethodsShareOneTag()
    {
        _telemetry.Record(Request("a", 502));
        _telemetry.Record(Request(null, 404) with { Method = "PROPFIND" });

        var upstreamDown = Assert.Single(_measurements, m => m.Instrument == "gateway.requests" && (string?)m.Tags["route"] == "a");
        Assert.Equal("GET", upstreamDown.Tags["method"]);
        Assert.Equal(502, upstreamDown.Tags["status_code"]);
        var unrouted = Assert.Single(_measurements, m => m.Instrument == "gateway.requests" && (string?)m.Tags["route"] == RequestTelemetry.NoRouteTag);
        Assert.Equal("_OTHER", unrouted.Tags["method"]);
        Assert.Equal(1, _traffic.Totals("a").ServerErrors);
        Assert.Equal(1, _traffic.Totals(null).Requests);
    }

    private static FinishedRequest Request(string? route, int status, CacheOutcome cache = CacheOutcome.None, RateLimitOutcome rateLimit = RateLimitOutcome.None, string? client = "127.0.0.1") =>
        new(route, "GET", status, 1.5, cache, rateLimit, client);

    private long Sum(string instrument, string route)
    {
        lock (_measurements) return _measurements.Where(m => m.Instrument == instrument && (string?)m.Tags["route"] == route).Sum(m => m.Value);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
