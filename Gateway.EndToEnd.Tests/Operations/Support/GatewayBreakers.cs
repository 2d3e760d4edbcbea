using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Balancing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Operations.Support;

/// <summary>Reaches the breakers of an in-process gateway the way its request path does.</summary>
public static class GatewayBreakers
{
    /// <summary>The key the balancer gives the breaker of a route's upstream: <c>route|scheme://host:port</c>.</summary>
    public static string KeyOf(string routeId, Uri upstream) => $"{routeId}|{upstream.GetLeftPart(UriPartial.Authority)}";

    public static BreakerBoard Board(RunningApp gateway) => gateway.App.Services.GetRequiredService<BreakerBoard>();

    public static long Epoch(RunningApp gateway, string key) => Board(gateway).Get(key).Epoch;

    /// <summary>
    /// Tells the breaker registry of <paramref name="count"/> 503s admitted under <paramref name="epoch"/>,
    /// the message the dispatcher sends after each failed forward. Reports from an older epoch are
    /// ignored by the breaker, so a test may send these next to real failing requests without the
    /// breaker counting a failure twice across a transition.
    /// </summary>
    public static void ReportServerErrors(RunningApp gateway, string key, int count, long epoch)
    {
        var registry = gateway.App.Services.GetRequiredService<IReadOnlyActorRegistry>().Get<BreakerRegion>();
        for (var i = 0; i < count; i++) registry.Tell(new CircuitBreaker.Report(key, Outcome.ServerError(503), epoch));
    }
}
