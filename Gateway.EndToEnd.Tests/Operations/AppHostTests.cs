using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// `dotnet run --project Gateway.AppHost` starts the whole system on its fixed ports. The test runs
/// exactly that (with --no-build: `dotnet test` has built it), and stops it with SIGTERM. It is
/// reported as skipped, with the reason, where it cannot run: a port it needs is taken (the system is
/// already running, or another test run is), or the app host has not been built.
/// </summary>
public sealed partial class AppHostTests(ITestOutputHelper output)
{
    private static readonly int[] Ports = [8000, 8001, 8002, 18887, 18888, 18890];

    [SkippableFact]
    public async Task WhereItsPortsAreFree_AppHost_StartsBothServices_TheGateway_AndTheDashboard_AndStopsThemAll()
    {
        var reason = SkipReason();
        Skip.If(reason is not null, reason);

        var root = Repository.Root()!;
        var lines = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--configuration", Repository.BuildConfiguration(), "--project", Path.Combine(root, "Gateway.AppHost") },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var appHost = Process.Start(start)!;
        appHost.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        appHost.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();
        try
        {
            using var client = TestClients.Http(TimeSpan.FromSeconds(5));

            // Through the gateway to ServiceA: all three apps are up once this answers.
            var itemId = await UntilAsync(async () =>
            {
                using var response = await client.GetAsync("http://127.0.0.1:8000/service-a/items/42");
                if (response.StatusCode != HttpStatusCode.OK) return null;
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item_id").GetString();
            }, appHost, lines, TimeSpan.FromSeconds(120));
            Assert.Equal("42", itemId);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://127.0.0.1:8002/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://127.0.0.1:8000/readyz")).StatusCode);
            // The dashboard answers (with its login redirect: it prints a token URL on start).
            using var dashboard = await client.GetAsync("http://localhost:18888/");
            Assert.True(dashboard.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found or HttpStatusCode.Redirect,
                $"dashboard answered {(int)dashboard.StatusCode}");
            Assert.Contains(lines, l => l.Contains("Login to the dashboard at http://localhost:18888", StringComparison.Ordinal));
            output.WriteLine(string.Join('\n', lines.Where(l => l.Contains("Dashboard", StringComparison.OrdinalIgnoreCase))));
        }
        finally
        {
            await StopAsync(appHost);
        }

        // Stopping the app host stops everything it started: the three apps, and the orchestrator
        // processes (found by the kubeconfig path of this run's DCP, which the app host logs).
        foreach (var port in new[] { 8000, 8001, 8002 })
            await UntilAsync(() => Task.FromResult(IsFree(port) ? (object?)true : null), appHost, lines, TimeSpan.FromSeconds(30));
        var kubeconfig = lines.Select(l => DcpKubeconfig().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        Assert.NotNull(kubeconfig);
        await UntilAsync(() => Task.FromResult(ProcessesMentioning(kubeconfig!) == 0 ? (object?)true : null), appHost, lines, TimeSpan.FromSeconds(30));
    }

    private static int ProcessesMentioning(string text) =>
        Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(dir), out _) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // gone meanwhile
            }
        });

    [GeneratedRegex("""--kubeconfig "?([^" ]+)""")]
    private static partial Regex DcpKubeconfig();

    private static string? SkipReason()
    {
        if (Repository.Root() is not { } root) return "the repository (Gateway.sln) is not above the test binaries";
        var built = Path.Combine(root, "Gateway.AppHost", "bin", Repository.BuildConfiguration(), "net10.0", "Gateway.AppHost.dll");
        if (!File.Exists(built)) return $"the app host is not built ({built}); `dotnet build Gateway.sln` builds it";
        var taken = Ports.Where(port => !IsFree(port)).ToList();
        if (taken.Count > 0) return $"port(s) {string.Join(", ", taken)} already in use on this machine (the system or another test run is up)";
        return null;
    }

    private static async Task StopAsync(Process appHost)
    {
        if (appHost.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", appHost.Id.ToString()]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        try
        {
            await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            appHost.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, Process appHost, ConcurrentQueue<string> lines, TimeSpan timeout)
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
        throw new Xunit.Sdk.XunitException($"not so after {timeout.TotalSeconds}s (app host exited: {appHost.HasExited}); output:\n{string.Join('\n', lines)}");
    }

    private static bool IsFree(int port)
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
}
