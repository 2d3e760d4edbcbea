using Akka.Actor;
using Akka.Hosting;
using Gateway.Web.Configuration;
using Gateway.Web.Hosting;
using Gateway.Web.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Web.Balancing;

/// <summary>
/// Creates every route's breakers with the route's settings before the gateway takes traffic, so the
/// first request already finds a snapshot and a breaker configured for its route (one created on
/// demand would start with the global settings). Runs after the actor system's hosted service, and
/// again after every reload: new upstreams get breakers, changed settings reach the existing ones
/// (which keep their state), and breakers of upstreams no longer listed are stopped.
/// </summary>
public sealed partial class BreakerStartup(
    IRequiredActor<CircuitBreakerActor> registry,
    RouteTableSource config,
    ILogger<BreakerStartup> logger) : IHostedService
{
    private static readonly TimeSpan EnsureTimeout = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(config.Settings, cancellationToken);
        config.Replaced += OnReload;
    }

    private void OnReload(GatewaySettings settings) =>
        // The swap already happened; the breakers follow without holding up the thread that swapped.
        _ = EnsureAsync(settings, CancellationToken.None);

    private async Task EnsureAsync(GatewaySettings settings, CancellationToken cancellationToken)
    {
        var breakers = await registry.GetAsync(cancellationToken);
        var ensure = BreakerRoster.For(settings.Routes);
        try
        {
            var ensured = await breakers.Ask<BreakersEnsured>(ensure, EnsureTimeout, cancellationToken);
            LogEnsured(ensured.Count);
        }
        catch (AskTimeoutException)
        {
            // Not fatal: a breaker missing here is created by the first report or probe request.
            LogEnsureTimedOut(EnsureTimeout);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        config.Replaced -= OnReload;
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Circuit breakers ready: {Count} (one per route and upstream)")]
    private partial void LogEnsured(int count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Circuit breakers not confirmed within {Timeout}; they will be created on first use")]
    private partial void LogEnsureTimedOut(TimeSpan timeout);
}
