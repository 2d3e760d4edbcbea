using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The gateway as a real child process (`dotnet Gateway.Web.dll`), so a test sees exactly what it
/// writes to stdout: its address comes from its own "Now listening on" log line.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private GatewayProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits (bounded) for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public static Task<GatewayProcess> StartAsync(string overlayHocon, IDictionary<string, string>? environment = null)
    {
        var overlay = OverlayFiles.Write(TestGateway.QuietPolicies + "\n" + overlayHocon);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Gateway.Web.dll"), "--urls", RunningApp.LoopbackUrls, "--config", overlay },
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return LaunchAsync(start);
    }

    /// <summary>
    /// The gateway the way the README starts it, <c>dotnet run --project Gateway.Web -- ARGS</c>, typed in
    /// <paramref name="workingDirectory"/> (without building: the tests' build built it).
    /// </summary>
    public static Task<GatewayProcess> RunProjectAsync(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var root = Repository.Root() ?? throw new InvalidOperationException("the repository (Gateway.sln) is not above the test binaries");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in (string[])["run", "--no-build", "--configuration", Repository.BuildConfiguration(), "--project", Path.Combine(root, "Gateway.Web"), "--",
                     "--urls", RunningApp.LoopbackUrls, .. args])
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return LaunchAsync(start);
    }

    private static readonly TimeSpan StartUpTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Starts the process and waits (bounded) until it listens; one that never does is killed and its output thrown.</summary>
    private static async Task<GatewayProcess> LaunchAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var gateway = new GatewayProcess(Process.Start(start)!);
        try
        {
            // Either log format: "... Now listening on: http://127.0.0.1:port", as a JSON message or a plain line.
            // Bounded generously: `dotnet run` and a cluster of one take seconds to start, and a clean-clone CI run
            // on a busy two-core machine once took more than 30 s.
            var listening = await gateway.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), StartUpTimeout);
            gateway.Address = new Uri(ListeningAddress().Match(listening).Value + "/");
            return gateway;
        }
        catch
        {
            // The caller never gets it to dispose: a gateway that did not come up must not outlive the test.
            await gateway.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningAddress();

    /// <summary>Waits (bounded) for the first stdout line that matches, in whatever format it is written.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited) break;
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException($"no matching log line; stdout so far:\n{string.Join('\n', Lines)}");
    }

    public IEnumerable<JsonElement> JsonLines()
    {
        foreach (var line in Lines)
        {
            JsonElement parsed;
            try
            {
                parsed = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"stdout line is not JSON: {line}");
            }
            yield return parsed;
        }
    }

    /// <summary>Waits (bounded) for the first JSON line that matches; the console logger writes on its own thread.</summary>
    public async Task<JsonElement> WaitForJsonLineAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited && _lines.IsEmpty) break;
            foreach (var line in JsonLines())
            {
                if (match(line)) return line;
            }
            await tick.WaitForNextTickAsync();
        }
        throw new TimeoutException($"no matching log line; stdout so far:\n{string.Join('\n', Lines)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
