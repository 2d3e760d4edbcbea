using System.Net;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>The status page's JSON twin at /_gateway/status.json, and how the page itself is served.</summary>
public sealed class StatusReportTests
{
    [Fact]
    public async Task StatusJson_ShowsEachRoute_ItsUpstreamsBreakers_AndItsCounts()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        var healthy = upstreamApp.Address.GetLeftPart(UriPartial.Authority);
        var dead = $"http://127.0.0.1:{TestClients.ClosedPort()}";
        await using var gateway = await TestGateway.StartAsync($$"""
            gateway.routes { up { prefix = "/up", upstreams = ["{{healthy}}", "{{dead}}"] } }
            gateway.circuit-breaker { max-failures = 2, reset-timeout = 60s }
            gateway.observability.stats-interval = 200ms
            """);
        using var client = TestClients.Http();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/up/echo/x"))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync(gateway.Url("/up/status/500"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(gateway.Url("/nowhere"))).StatusCode);
        var deadKey = GatewayBreakers.KeyOf("up", new Uri(dead));
        GatewayBreakers.ReportServerErrors(gateway, deadKey, 2, GatewayBreakers.Epoch(gateway, deadKey));

        var report = await Eventually.MatchesAsync(
            () => client.GetFromJsonAsync<JsonElement>(gateway.Url("/_gateway/status.json")),
            // The transition reaches the list through the event stream, a moment after the breaker's state.
            r => Route(r, "up").GetProperty("upstreams")[1].GetProperty("breaker").GetProperty("state").GetString() == "open"
                 && r.GetProperty("recentTransitions").GetArrayLength() > 0
                 && r.GetProperty("actors").GetProperty("rateLimiters").ValueKind == JsonValueKind.Number,
            "the dead upstream's breaker to show open, and its transition");

        var up = Route(report, "up");
        Assert.Equal("/up", up.GetProperty("prefix").GetString());
        Assert.False(up.GetProperty("caching").GetBoolean());
        var totals = up.GetProperty("totals");
        Assert.Equal(4, totals.GetProperty("requests").GetInt64());
        Assert.Equal(1, totals.GetProperty("serverErrors").GetInt64());
        var upstreams = up.GetProperty("upstreams");
        Assert.Equal(healthy, upstreams[0].GetProperty("url").GetString());
        Assert.Equal("closed", upstreams[0].GetProperty("breaker").GetProperty("state").GetString());
        var open = upstreams[1].GetProperty("breaker");
        Assert.Equal(dead, upstreams[1].GetProperty("url").GetString());
        Assert.Equal(deadKey, open.GetProperty("key").GetString());
        Assert.Equal(2, open.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(open.GetProperty("openUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        Assert.Equal(1, report.GetProperty("unrouted").GetProperty("requests").GetInt64());
        Assert.Contains(report.GetProperty("routes").EnumerateArray(), r => r.GetProperty("id").GetString() == "up");
        var transition = Assert.Single(report.GetProperty("recentTransitions").EnumerateArray());
        Assert.Equal(deadKey, transition.GetProperty("upstream").GetString());
        Assert.Equal("closed", transition.GetProperty("from").GetString());
        Assert.Equal("open", transition.GetProperty("to").GetString());
        Assert.True(report.GetProperty("actors").GetProperty("breakers").GetInt32() >= 1);
        Assert.Equal(0, report.GetProperty("webSockets").GetProperty("open").GetInt32());
        Assert.Equal(0, report.GetProperty("cache").GetProperty("entries").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("cache").GetProperty("hitRatio").ValueKind);
        Assert.Empty(report.GetProperty("rateLimit").GetProperty("busiestClients").EnumerateArray());
        Assert.Empty(report.GetProperty("otherBreakers").EnumerateArray());
    }

    [Fact]
    public async Task StatusJson_NeedsAnApiKey_WhenAuthIsOn_ButThePageShellDoesNot()
    {
        await using var gateway = await TestGateway.StartAsync("""
            gateway.auth { enabled = on, api-keys = [{ name = "ops", key = "ops-secret" }] }
            """);
        using var client = TestClients.Http();

        using var refused = await client.GetAsync(gateway.Url("/_gateway/status.json"));
        await ProblemJson.AssertAsync(refused, 401);
        Assert.Equal("ApiKey header=\"X-API-Key\"", refused.Headers.WwwAuthenticate.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/_gateway/status.json"));
        request.Headers.Add("X-API-Key", "ops-secret");
        using var admitted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal(2, (await admitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routes").GetArrayLength());

        // The page holds no data; it asks for the key and sends it with each poll.
        using var page = await client.GetAsync(gateway.Url("/_gateway/"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Uptime_CountsFromStartUp_NotFromTheFirstStatusRequest()
    {
        var clock = new ManualTime(DateTimeOffset.UnixEpoch);
        await using var gateway = await TestGateway.StartAsync("", builder => builder.Services.AddSingleton<TimeProvider>(clock));
        using var client = TestClients.Http();

        clock.Advance(TimeSpan.FromSeconds(90));
        var first = await client.GetFromJsonAsync<JsonElement>(gateway.Url("/_gateway/status.json"));

        Assert.Equal(90, first.GetProperty("uptimeSeconds").GetDouble());
    }

    [Fact]
    public async Task Page_IsServedWithItsScript_UnderAStrictContentSecurityPolicy()
    {
        await using var gateway = await TestGateway.StartAsync("");
        using var client = TestClients.Http();

        using var bare = await client.GetAsync(gateway.Url("/_gateway"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, bare.StatusCode);
        Assert.Equal("/_gateway/", bare.Headers.Location?.OriginalString);

        using var page = await client.GetAsync(gateway.Url("/_gateway/"));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"status.js\"></script>", await page.Content.ReadAsStringAsync());
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);

        using var script = await client.GetAsync(gateway.Url("/_gateway/status.js"));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status.json", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_CanMove_AndTheOldPlaceStaysTheGateways()
    {
        await using var gateway = await TestGateway.StartAsync("""gateway.status.path = "/ops/status" """);
        using var client = TestClients.Http();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/ops/status/status.json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(gateway.Url("/ops/status/"))).StatusCode);
        await ProblemJson.AssertAsync(await client.GetAsync(gateway.Url("/_gateway/status.json")), 404);
    }

    private static JsonElement Route(JsonElement report, string id) =>
        report.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
}
