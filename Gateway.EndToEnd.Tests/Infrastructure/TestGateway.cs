using Gateway.Web.Hosting;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>Starts the real gateway in-process on an ephemeral loopback port with a HOCON overlay.</summary>
public static class TestGateway
{
    /// <summary>
    /// Policies that would make unrelated tests interfere (every test client is 127.0.0.1, so one
    /// shared rate limit; cached answers) start off; a test of a policy switches it on in its overlay,
    /// whose keys win over these.
    /// </summary>
    public const string QuietPolicies = """
        gateway.rate-limit.enabled = off
        gateway.cache.enabled = off
        """;

    /// <param name="configure">A last word on the builder, e.g. a clock of the test's own.</param>
    public static async Task<RunningApp> StartAsync(string overlayHocon, Action<WebApplicationBuilder>? configure = null)
    {
        var overlay = OverlayFiles.Write(QuietPolicies + "\n" + overlayHocon);
        var app = GatewayHost.Build(["--urls", RunningApp.LoopbackUrls, "--config", overlay], configure);
        return await RunningApp.StartAsync(app);
    }

    /// <summary>An overlay with one route "/up" (prefix stripped) to the given upstream, plus extra HOCON.</summary>
    public static Task<RunningApp> StartForAsync(Uri upstream, string extra = "", Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null) => StartAsync($$"""
        gateway.routes { up { prefix = "/up", upstreams = ["{{upstream.GetLeftPart(UriPartial.Authority)}}"] } }
        {{extra}}
        """, configure);
}
