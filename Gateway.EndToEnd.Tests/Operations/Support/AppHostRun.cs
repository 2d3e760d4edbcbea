using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Operations.Support;

/// <summary>
/// `dotnet run --project Gateway.AppHost` as a user types it (with --no-build: `dotnet test` has
/// built it), its console captured line by line, stopped with SIGTERM. The app host takes fixed
/// ports, so a test that needs one already taken is skipped (<see cref="SkipReason"/>).
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    /// <summary>The dashboard's, its OTLP receiver's and its resource service's (launchSettings.json).</summary>
    public static readonly int[] DashboardPorts = [18887, 18888, 18890];

    private AppHostRun(Process process) => Process = process;

    public Process Process { get; }

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Why the app host cannot be run here with <paramref name="ports"/>, or null when it can.</summary>
    public static string? SkipReason(IEnumerable<int> ports)
    {
        if (Repository.Root() is not { } root) return "the repository (Gateway.sln) is not above the test binaries";
        var built = Path.Combine(root, "Gateway.AppHost", "bin", Repository.BuildConfiguration(), "net10.0", "Gateway.AppHost.dll");
        if (!File.Exists(built)) return $"the app host is not built ({built}); `dotnet build Gateway.sln` builds it";
        var taken = ports.Where(port => !IsFree(port)).ToList();
        if (taken.Count > 0) return $"port(s) {string.Join(", ", taken)} already in use on this machine (the system or another test run is up)";
        return null;
    }

    public static AppHostRun Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = Repository.Root()!;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--configuration", Repository.BuildConfiguration(), "--project", Path.Combine(root, "Gateway.AppHost") },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var run = new AppHostRun(Process.Start(start)!);
        run.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) run.Lines.Enqueue(e.Data); };
        run.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) run.Lines.Enqueue(e.Data); };
        run.Process.BeginOutputReadLine();
        run.Process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Retries <paramref name="attempt"/> until it gives a value; fails with the console after <paramref name="timeout"/>.</summary>
    public async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await attempt() is { } value) return value;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await tick.WaitForNextTickAsync();
        }
        throw new Xunit.Sdk.XunitException($"not so after {timeout.TotalSeconds}s (app host exited: {Process.HasExited}); output:\n{string.Join('\n', Lines)}");
    }

    /// <summary>The first console line that satisfies <paramref name="isIt"/>, waited for (bounded).</summary>
    public Task<string> LineAsync(Func<string, bool> isIt, TimeSpan timeout) =>
        UntilAsync(() => Task.FromResult(Lines.FirstOrDefault(isIt)), timeout);

    /// <summary>SIGTERM, as Ctrl+C would; then every port in <paramref name="ports"/> is free again (bounded).</summary>
    public async Task StopAsync(IEnumerable<int> ports)
    {
        await StopAsync();
        foreach (var port in ports)
            await UntilAsync(() => Task.FromResult(IsFree(port) ? (object?)true : null), TimeSpan.FromSeconds(30));
    }

    private async Task StopAsync()
    {
        if (Process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Process.Id.ToString()]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        try
        {
            await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>A test that failed before stopping it leaves nothing running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) await StopAsync();
        Process.Dispose();
    }
}

/// <summary>App host runs take the same fixed ports, and a whole system's worth of CPU: one at a time, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostRuns
{
    public const string Name = "app-host";
}
