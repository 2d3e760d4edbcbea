using Akka.Actor;
using Akka.Hosting;
using Gateway.Actors.WebSockets;
using Gateway.Web.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.WebSockets;

/// <summary>
/// Closes every proxied WebSocket with 1001 (going away) when the host begins to stop, before Kestrel
/// stops: Kestrel waits for open requests, and a relayed connection is one that would otherwise last
/// until the host's shutdown timeout and then be cut without a Close.
/// </summary>
/// <remarks>
/// <see cref="IHostedLifecycleService.StoppingAsync"/> runs before any hosted service's StopAsync, so
/// before the web server's; new handshakes meanwhile are still answered and then closed at once.
/// </remarks>
public sealed partial class WebSocketShutdown(
    IRequiredActor<RelaySupervisorActor> relays,
    ActorSystem system,
    RouteTableSource config,
    ILogger<WebSocketShutdown> logger) : IHostedLifecycleService
{
    // Beyond the longest close-timeout, by which every relay has closed or aborted its sockets.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // A host stopped a second time finds the actor system gone: nobody left to ask, nothing left open.
        if (system.WhenTerminated.IsCompleted) return;
        var settings = config.Settings;
        var timeout = settings.Routes.Select(route => route.WebSocket.CloseTimeout)
            .Append(settings.Defaults.WebSocket.CloseTimeout)
            .Max() + Margin;
        try
        {
            await relays.ActorRef.Ask<WebSocketRelaySupervisor.ShutdownCompleted>(
                WebSocketRelaySupervisor.Shutdown.Instance, timeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            // The web server's own stop still bounds whatever is left.
            LogShutdownIncomplete(timeout, e.GetType().Name);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "WebSocket relays did not all close within {Timeout} on shutdown ({Error})")]
    private partial void LogShutdownIncomplete(TimeSpan timeout, string error);
}
