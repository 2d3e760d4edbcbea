using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>
/// `dotnet run --project Gateway.AppHost` starts the whole system on its fixed ports. The test runs
/// exactly that (with --no-build: `dotnet test` has built it), and stops it with SIGTERM. It is
/// reported as skipped, with the reason, where it cannot run: a port it needs is taken (the system is
/// already running, or another test run is), or the app host has not been built.
/// </summary>
[Collection(AppHostRuns.Name)]
public sealed partial class AppHostTests(ITestOutputHelper output)
{
    private static readonly int[] AppPorts = [8000, 8001, 8002];

    [SkippableFact]
    public async Task WhereItsPortsAreFree_AppHost_StartsBothServices_TheGateway_AndTheDashboard_AndStopsThemAll()
    {
        var reason = AppHostRun.SkipReason([.. AppPorts, .. AppHostRun.DashboardPorts]);
        Skip.If(reason is not null, reason);

        await using var appHost = AppHostRun.Start();
        using var client = TestClients.Http(TimeSpan.FromSeconds(5));

        // Through the gateway to ServiceA: all three apps are up once this answers.
        var itemId = await appHost.UntilAsync(async () =>
        {
            using var response = await client.GetAsync("http://127.0.0.1:8000/service-a/items/42");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item_id").GetString();
        }, TimeSpan.FromSeconds(120));
        Assert.Equal("42", itemId);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://127.0.0.1:8002/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://127.0.0.1:8000/readyz")).StatusCode);
        // The dashboard answers (with its login redirect: it prints a token URL on start).
        using var dashboard = await client.GetAsync("http://localhost:18888/");
        Assert.True(dashboard.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found or HttpStatusCode.Redirect,
            $"dashboard answered {(int)dashboard.StatusCode}");
        Assert.Contains(appHost.Lines, l => l.Contains("Login to the dashboard at http://localhost:18888", StringComparison.Ordinal));
        // Nothing uses HTTPS, so Aspire has no development certificate to warn about (README: no certificate is needed).
        Assert.DoesNotContain(appHost.Lines, l => l.Contains("certificate", StringComparison.OrdinalIgnoreCase));
        output.WriteLine(string.Join('\n', appHost.Lines.Where(l => l.Contains("Dashboard", StringComparison.OrdinalIgnoreCase))));

        // Stopping the app host stops everything it started: the three apps, and the orchestrator
        // processes (found by the kubeconfig path of this run's DCP, which the app host logs).
        await appHost.StopAsync(AppPorts);
        var kubeconfig = appHost.Lines.Select(l => DcpKubeconfig().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        Assert.NotNull(kubeconfig);
        await appHost.UntilAsync(() => Task.FromResult(ProcessesMentioning(kubeconfig!) == 0 ? (object?)true : null), TimeSpan.FromSeconds(30));
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
}
