using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.RateLimiting;

/// <summary>Overlays and header readers shared by the rate-limit tests.</summary>
internal static class RateLimitedGateway
{
    /// <summary>
    /// The global policy switched back on (TestGateway turns it off), with a window so long that no
    /// request stops counting while a test runs: every admitted/denied count is exact.
    /// </summary>
    public static string Policy(int requests, string extra = "") => $$"""
        gateway.rate-limit { enabled = on, requests = {{requests}}, window = 1m }
        {{extra}}
        """;

    public static Task<RunningApp> StartForAsync(Uri upstream, int requests, string extra = "") =>
        TestGateway.StartForAsync(upstream, Policy(requests, extra));

    /// <summary>The one value of a response header, failing the test if it is missing or repeated.</summary>
    public static string Header(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"response has no {name} header");
        return Assert.Single(values);
    }

    public static bool HasHeader(HttpResponseMessage response, string name) => response.Headers.Contains(name);

    public static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(Header(response, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
}
