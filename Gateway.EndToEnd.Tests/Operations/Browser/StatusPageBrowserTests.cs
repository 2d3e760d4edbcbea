using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gateway.EndToEnd.Tests.Operations.Browser;

/// <summary>
/// The status page in a real browser (Debian's Chromium, headless, driven by Playwright): it polls
/// the JSON, draws the routes and turns a breaker red while it stays loaded. Reported as skipped,
/// with the reason, where Chromium is not installed (CI installs it).
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string UpstreamBreaker = "tr[data-route=\"up\"] li[data-breaker-state]";
    private static readonly LocatorAssertionsToHaveAttributeOptions Within20s = new() { Timeout = 20_000 };

    [SkippableFact]
    public async Task WithChromium_LoadedPage_ShowsTheBreakerTurnOpen_WhenItsUpstreamKeepsFailing_AndIsScreenshotted()
    {
        Skip.If(ChromiumPage.MissingReason is not null, ChromiumPage.MissingReason);

        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, """
            gateway.circuit-breaker { max-failures = 3, reset-timeout = 60s }
            gateway.observability.stats-interval = 200ms
            """);
        using var client = TestClients.Http();
        await using var browser = await ChromiumPage.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(gateway.Url("/_gateway/").ToString());
        await Expect(page.Locator(UpstreamBreaker)).ToHaveAttributeAsync("data-breaker-state", "closed", Within20s);
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
        await Expect(page.Locator(UpstreamBreaker)).ToHaveAttributeAsync("data-breaker-state", "open", Within20s);
        var transitions = page.Locator("#transitions tbody");
        await Expect(transitions).ToContainTextAsync(key, new() { Timeout = 10_000 });
        Assert.Contains("open", await transitions.TextContentAsync());
        Assert.Equal("8", await page.Locator("tr[data-route=\"up\"] td:nth-child(6)").TextContentAsync());
        Assert.Equal("3", await page.Locator("tr[data-route=\"up\"] td:nth-child(7)").TextContentAsync());

        var png = await page.ScreenshotAsync(new() { FullPage = true, Type = ScreenshotType.Png });
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var file = Path.Combine(folder, "status-page-breaker-open.png");
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"screenshot: {file}");
    }

    [SkippableFact]
    public async Task WithChromium_AndAuthOn_ThePageAsksForTheKey_ThenShowsTheStatus()
    {
        Skip.If(ChromiumPage.MissingReason is not null, ChromiumPage.MissingReason);

        await using var gateway = await TestGateway.StartAsync("""
            gateway.auth { enabled = on, header = "X-Ops-Key", api-keys = [{ name = "ops", key = "ops-secret" }] }
            """);
        await using var browser = await ChromiumPage.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(gateway.Url("/_gateway/").ToString());
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "unauthorized", Within20s);
        Assert.Equal("X-Ops-Key", await page.Locator("#key-header").TextContentAsync());

        await page.Locator("#key").FillAsync("ops-secret");
        await page.EvaluateAsync("document.getElementById('key-form').requestSubmit()");

        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "ok", Within20s);
        Assert.Equal(2, await page.Locator("#routes tbody tr[data-route]").CountAsync());
    }
}
