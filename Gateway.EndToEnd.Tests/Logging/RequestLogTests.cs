using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Logging;

/// <summary>Reads the real process's stdout: one JSON line per request, with every field, and no secret anywhere.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task EachRequest_WritesOneJsonLine_WithItsFields_AndNoSecrets()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await GatewayProcess.StartAsync($$"""
            gateway.auth { enabled = on, api-keys = [{ name = "alice", key = "alice-very-secret" }] }
            gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
            """);
        using var client = TestClients.Http();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/up/echo/thing?token=query-secret"));
        request.Headers.TryAddWithoutValidation("X-API-Key", "alice-very-secret");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer bearer-secret");
        request.Headers.TryAddWithoutValidation("Cookie", "session=cookie-secret");
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var missing = await client.GetAsync(new Uri(gateway.Address, "/nowhere"));

        var line = await gateway.WaitForJsonLineAsync(l => Category(l) == "Gateway.Requests" && State(l, "Path") == "/up/echo/thing");
        await gateway.WaitForJsonLineAsync(l => Category(l) == "Gateway.Requests" && State(l, "Path") == "/nowhere");

        Assert.True(DateTimeOffset.TryParse(line.GetProperty("Timestamp").GetString(), out _));
        Assert.Equal("GET", State(line, "Method"));
        Assert.Equal("200", State(line, "Status"));
        Assert.Equal("up", State(line, "RouteId"));
        Assert.Equal("127.0.0.1", State(line, "ClientIp"));
        Assert.Equal(upstreamApp.Address.GetLeftPart(UriPartial.Authority), State(line, "Upstream"));
        Assert.Equal("alice", State(line, "ApiKeyName"));
        Assert.True(double.Parse(State(line, "DurationMs")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.True(long.Parse(State(line, "BytesOut")!) > 0);
        Assert.Matches("^[0-9a-f]{32}$", State(line, "TraceId"));
        foreach (var field in new[] { "CacheStatus", "RateLimit", "BreakerState", "BytesIn" })
            Assert.True(line.GetProperty("State").TryGetProperty(field, out _), $"{field} missing");

        var everything = string.Join('\n', gateway.Lines);
        foreach (var secret in new[] { "alice-very-secret", "bearer-secret", "cookie-secret", "query-secret" })
            Assert.DoesNotContain(secret, everything);
        Assert.All(gateway.JsonLines(), _ => { });
    }

    [Fact]
    public async Task RequestWithoutTraceContext_GetsOneTheGatewayMade_InItsLogLineAndUpstream()
    {
        var (upstreamApp, gateway) = await GatewayInFrontOfUpstreamAsync();
        await using var _u = upstreamApp;
        await using var _g = gateway;
        using var client = TestClients.Http();

        using var response = await client.GetAsync(new Uri(gateway.Address, "/up/echo/untraced"));
        var echoed = await EchoedRequest.ReadAsync(response);
        var line = await gateway.WaitForJsonLineAsync(l => Category(l) == "Gateway.Requests" && State(l, "Path") == "/up/echo/untraced");

        var traceparent = echoed.Header("traceparent");
        Assert.NotNull(traceparent);
        var made = System.Text.RegularExpressions.Regex.Match(traceparent!, "^00-([0-9a-f]{32})-[0-9a-f]{16}-00$");
        Assert.True(made.Success, traceparent);
        Assert.Equal(made.Groups[1].Value, State(line, "TraceId"));
    }

    [Fact]
    public async Task ClientsTraceContext_GoesUpstreamUnchanged_AndNamesTheLogLinesTrace()
    {
        var trace = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{trace}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01";
        var (upstreamApp, gateway) = await GatewayInFrontOfUpstreamAsync();
        await using var _u = upstreamApp;
        await using var _g = gateway;
        using var client = TestClients.Http();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/up/echo/traced"));
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);
        var line = await gateway.WaitForJsonLineAsync(l => Category(l) == "Gateway.Requests" && State(l, "Path") == "/up/echo/traced");

        Assert.Equal(traceparent, echoed.Header("traceparent"));
        Assert.Equal(trace, State(line, "TraceId"));
    }

    /// <summary>A gateway process whose route "/up" leads to a fresh test upstream; the caller disposes both.</summary>
    private static async Task<(RunningApp Upstream, GatewayProcess Gateway)> GatewayInFrontOfUpstreamAsync()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        try
        {
            var gateway = await GatewayProcess.StartAsync($$"""
                gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
                """);
            return (upstreamApp, gateway);
        }
        catch
        {
            await upstreamApp.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task TextFormat_WritesOnePlainLinePerEntry()
    {
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await GatewayProcess.StartAsync($$"""
            gateway.logging.format = text
            gateway.routes.up { prefix = "/up", upstreams = ["{{upstreamApp.Address.GetLeftPart(UriPartial.Authority)}}"] }
            """);
        using var client = TestClients.Http();

        using var response = await client.GetAsync(new Uri(gateway.Address, "/up/echo/plain"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        await gateway.WaitForLineAsync(l => l.Contains("GET /up/echo/plain 200"));
        var line = Assert.Single(gateway.Lines, l => l.Contains("GET /up/echo/plain 200"));
        // One entry, one line: "<timestamp> info: Gateway.Requests[1000] GET /up/echo/plain 200 ...".
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info: Gateway\.Requests\[1000\] GET /up/echo/plain 200 ", line);
        Assert.DoesNotContain(gateway.Lines, l => l.StartsWith('{'));
    }

    private static string? Category(JsonElement line) => line.GetProperty("Category").GetString();

    private static string? State(JsonElement line, string name) =>
        line.GetProperty("State").TryGetProperty(name, out var value) ? value.ToString() : null;
}
