using Microsoft.Extensions.Hosting;

namespace Gateway.Web.Status;

/// <summary>
/// When the gateway started, read from the clock as the host starts its services (before Kestrel listens),
/// so the status page's uptime counts from start-up and not from whenever the page was first asked for.
/// </summary>
public sealed class StartTime(TimeProvider time) : IHostedService
{
    private DateTimeOffset _at = time.GetUtcNow();

    public TimeSpan UptimeAt(DateTimeOffset now) => now - _at;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _at = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
