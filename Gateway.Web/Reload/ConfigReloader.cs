using System.Security.Cryptography;
using Gateway.Actors.Configuration;
using Gateway.Web.Configuration;
using Gateway.Web.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Reload;

/// <summary>
/// Watches the overlay file and applies a valid edit while the gateway runs: the new settings are
/// validated whole, then swapped in with one reference write, so a request in flight finishes on the
/// table it started with and an open WebSocket is never touched. An invalid edit is logged with the
/// key that is wrong and the gateway goes on with the last good configuration.
/// <para>
/// It polls the file's content rather than trusting file-system events: editors replace files,
/// mounted config maps swap symlinks, and a content hash sees all of those the same way.
/// </para>
/// </summary>
public sealed partial class ConfigReloader(ConfigOrigin origin, RouteTableSource source, ILogger<ConfigReloader> logger) : BackgroundService
{
    /// <summary>How long a changed file must stay the same before it is applied.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    private byte[]? _baseline;

    /// <summary>
    /// Takes the file's fingerprint before the gateway counts as started. ExecuteAsync runs on a
    /// background thread (.NET 10), possibly after a first edit: a fingerprint taken there would call
    /// that edit the starting point and never apply it.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (origin.OverlayPath is { } path && source.Settings.Reload.Enabled) _baseline = Fingerprint(path);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reload = source.Settings.Reload;
        if (origin.OverlayPath is not { } path || !reload.Enabled) return;

        var last = _baseline;
        using var timer = new PeriodicTimer(reload.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var current = Fingerprint(path);
                if (current is null || current.SequenceEqual(last ?? [])) continue;
                // A file being rewritten in place can be read half-way, even empty (a valid overlay that
                // would drop every route): only content that holds still for a moment is applied.
                await Task.Delay(SettleTime, stoppingToken);
                if (Fingerprint(path) is not { } settled || !settled.SequenceEqual(current)) continue;
                last = current;
                TryReload(path);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Loads, validates and swaps in the file's configuration; false (and a log line) when it is not valid.</summary>
    public bool TryReload(string path)
    {
        try
        {
            var settings = GatewaySettings.Create(GatewayConfigFiles.Load(path));
            source.Replace(settings);
            LogReloaded(path, settings.Routes.Count);
            return true;
        }
        catch (ConfigException e)
        {
            LogRejected(path, e.Message);
            return false;
        }
    }

    private static byte[]? Fingerprint(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mid-replace or briefly missing: look again on the next tick.
            return null;
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}: {RouteCount} routes")]
    private partial void LogReloaded(string path, int routeCount);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Configuration edit in {Path} rejected, still running the last good one: {Problem}")]
    private partial void LogRejected(string path, string problem);
}

/// <summary>Where the running configuration came from: the overlay file, if any, is what reload watches.</summary>
public sealed record ConfigOrigin(string? OverlayPath);
