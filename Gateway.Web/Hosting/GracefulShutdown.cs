using Akka;
using Akka.Actor;
using Akka.Hosting;
using Gateway.Web.Configuration;
using Gateway.Web.Logging;
using Gateway.Web.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Hosting;

/// <summary>
/// The shutdown sequence on SIGTERM or Ctrl+C, and the lines that show it happening:
/// <list type="number">
/// <item>Kestrel stops listening at once (new connections are refused) and lets requests in flight
/// finish within <c>gateway.shutdown.grace-period</c> (the host's <see cref="HostOptions.ShutdownTimeout"/>);
/// it stops first because ASP.NET registers it after every other hosted service.</item>
/// <item>Proxied WebSockets are closed with 1001 by the WebSocket endpoint's own hosted service.</item>
/// <item>Akka.Hosting runs the actor system's coordinated shutdown, which terminates it.</item>
/// <item>This service waits for the termination, says so, and waits for the log lines to reach stdout;
/// only then does the host dispose its services, logging among them.</item>
/// </list>
/// Akka's own CLR exit hook is switched off (<see cref="NoClrExitHook"/>):
/// SIGTERM raises ProcessExit, whose handlers run in registration order, and Akka's (registered when
/// the actor system is created) would terminate the actors first, under requests still draining.
/// </summary>
public sealed partial class GracefulShutdown(
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    InFlightRequests inFlight,
    ShutdownSettings settings,
    IEnumerable<ILoggerProvider> logOutputs,
    ILogger<GracefulShutdown> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>Leaves stopping the actor system to the host, after Kestrel has drained (see above).</summary>
    public const string NoClrExitHook = "akka.coordinated-shutdown.run-by-clr-shutdown-hook = off";

    /// <summary>How long the last line waits for the actor system to finish terminating after the host has stopped.</summary>
    private static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(10);

    /// <summary>How long the shutdown's lines may take to reach stdout before the host tears logging down.</summary>
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(10);

    private CancellationTokenRegistration _deadline;
    private long _leftAtDeadline;
    private ActorSystem? _system;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            LogDraining(inFlight.Count, settings.GracePeriod.TotalSeconds);
        });

        // Started after Akka.Hosting's service, so the system is up.
        var system = _system = services.GetRequiredService<ActorSystem>();
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "gateway-log", () =>
        {
            LogActorSystemStopping(CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name ?? "unknown");
            return Task.FromResult(Done.Instance);
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs once Kestrel has drained or given up (it stops before this service does). The host's token
    /// is the grace period: cancelled means Kestrel gave up on what was still running. Said here, not
    /// from the deadline's timer, so the line is written while logging is still up.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _deadline.Dispose();
        var left = Interlocked.Read(ref _leftAtDeadline);
        if (cancellationToken.IsCancellationRequested || left > 0)
            LogCutOff(Math.Max(left, inFlight.Count), settings.GracePeriod.TotalSeconds);
        else
            LogDrained();
        return Task.CompletedTask;
    }

    /// <summary>
    /// After every service has stopped (Akka.Hosting's included) and before logging is torn down: waits for the
    /// actor system, says so, then waits for every line so far (the cut-off warning among them) to reach stdout,
    /// so none of them depends on what disposing the host leaves time for. The host's token is not used: it
    /// is the grace period, already spent when requests were cut off.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_system is { } system)
        {
            try
            {
                await system.WhenTerminated.WaitAsync(TerminationWait, CancellationToken.None);
                LogActorSystemTerminated(system.Name);
            }
            catch (TimeoutException)
            {
                LogActorSystemStillTerminating(system.Name, TerminationWait.TotalSeconds);
            }
        }
        foreach (var output in logOutputs.OfType<BatchedConsoleLoggerProvider>()) output.Flush(FlushWait);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Before any service stops, with the token that is cancelled when the grace period runs out: at that
    /// moment Kestrel starts aborting what still runs, so the count is taken then, before those unwind
    /// (and is at least one: Kestrel was still waiting for something).
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _deadline = cancellationToken.Register(() => Interlocked.Exchange(ref _leftAtDeadline, Math.Max(1, inFlight.Count)));
        return Task.CompletedTask;
    }

    public void Dispose() => _deadline.Dispose();

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Shutting down: no new connections; {InFlight} requests in flight get up to {GraceSeconds}s to finish")]
    private partial void LogDraining(long inFlight, double graceSeconds);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "All requests finished in time; stopping the actor system")]
    private partial void LogDrained();

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "{InFlight} requests were still running when the {GraceSeconds}s grace period ran out and were cut off")]
    private partial void LogCutOff(long inFlight, double graceSeconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Coordinated shutdown of the actor system ({Reason})")]
    private partial void LogActorSystemStopping(string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Actor system {Name} terminated")]
    private partial void LogActorSystemTerminated(string name);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Actor system {Name} had not terminated {Seconds}s after the host stopped; exiting anyway")]
    private partial void LogActorSystemStillTerminating(string name, double seconds);
}
