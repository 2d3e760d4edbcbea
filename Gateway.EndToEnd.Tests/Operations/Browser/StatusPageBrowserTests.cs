using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Operations.Browser;

/// <summary>
/// The status page in a real browser (headless Chromium): it polls the JSON, draws the routes and
/// turns a breaker red while it stays loaded. Reported as skipped, with the reason, where Chromium is
/// not installed (CI installs it).
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string BreakerState = "document.querySelector('tr[data-route=\"up\"] li[data-breaker-state]')?.dataset.breakerState ?? ''";

    [SkippableFact]
    public async Task WithChromium_LoadedPage_ShowsTheBreakerTurnOpen_WhenItsUpstreamKeepsFailing_AndIsScreenshotted()
    {
        Skip.If(HeadlessChromium.MissingReason is not null, HeadlessChromium.MissingReason);

        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, """
            gateway.circuit-breaker { max-failures = 3, reset-timeout = 60s }
            gateway.observability.stats-interval = 200ms
            """);
        using var client = TestClients.Http();
        await using var browser = await HeadlessChromium.StartAsync();

        await browser.NavigateAsync(gateway.Url("/_gateway/"));
        await browser.WaitForAsync(BreakerState, s => s == "closed", "the page to show the upstream's breaker closed", TimeSpan.FromSeconds(20));
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url($"/up/echo/{i}"))).StatusCode);

        // The upstream starts failing. What the dispatcher tells the breaker about each failure is
        // told here as well, under the epoch the requests were admitted in: should the dispatcher
        // report them too, the breaker opens once and ignores the later, stale reports.
        var key = GatewayBreakers.KeyOf("up", upstreamApp.Address);
        var epoch = GatewayBreakers.Epoch(gateway, key);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(gateway.Url("/up/status/503"))).StatusCode);
        GatewayBreakers.ReportServerErrors(gateway, key, 3, epoch);

        // Same page, never reloaded: the next polls redraw it.
        await browser.WaitForAsync(BreakerState, s => s == "open", "the page to show the breaker open", TimeSpan.FromSeconds(20));
        var transitions = await browser.WaitForAsync("document.querySelector('#transitions tbody').textContent",
            s => s?.Contains(key) == true, "the transition to be listed", TimeSpan.FromSeconds(10));
        Assert.Contains("open", transitions);
        var served = await browser.EvaluateAsync("document.querySelector('tr[data-route=\"up\"] td:nth-child(6)').textContent");
        Assert.Equal("8", served.GetString());
        var errors = await browser.EvaluateAsync("document.querySelector('tr[data-route=\"up\"] td:nth-child(7)').textContent");
        Assert.Equal("3", errors.GetString());

        var png = await browser.ScreenshotAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var file = Path.Combine(folder, "status-page-breaker-open.png");
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"screenshot: {file}");
    }

    [SkippableFact]
    public async Task WithChromium_AndAuthOn_ThePageAsksForTheKey_ThenShowsTheStatus()
    {
        Skip.If(HeadlessChromium.MissingReason is not null, HeadlessChromium.MissingReason);

        await using var gateway = await TestGateway.StartAsync("""
            gateway.auth { enabled = on, header = "X-Ops-Key", api-keys = [{ name = "ops", key = "ops-secret" }] }
            """);
        await using var browser = await HeadlessChromium.StartAsync();

        await browser.NavigateAsync(gateway.Url("/_gateway/"));
        await browser.WaitForAsync("document.body.dataset.state", s => s == "unauthorized", "the page to ask for a key", TimeSpan.FromSeconds(20));
        Assert.Equal("X-Ops-Key", (await browser.EvaluateAsync("document.getElementById('key-header').textContent")).GetString());

        await browser.EvaluateAsync("""
            document.getElementById('key').value = 'ops-secret';
            document.getElementById('key-form').requestSubmit();
            """);

        await browser.WaitForAsync("document.body.dataset.state", s => s == "ok", "the page to show the status", TimeSpan.FromSeconds(20));
        var routes = await browser.EvaluateAsync("document.querySelectorAll('#routes tbody tr[data-route]').length");
        Assert.Equal(2, routes.GetInt32());
    }
}
