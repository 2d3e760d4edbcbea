using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Configuration;

/// <summary>A broken file stops start-up with a non-zero exit and exactly one line naming the key.</summary>
public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("gateway { routes { ", "not valid HOCON: '{' opened on line 1 is never closed")]
    [InlineData("gateway { routes = [ }", "not valid HOCON: unexpected '}' on line 1")]
    [InlineData("gateway { auth { header = \"X-Key }", "not valid HOCON: string opened on line 1")]
    [InlineData("""gateway.routes.x { prefix = "/x", upstreams = ["http://localhost:1"], colour = red }""", "gateway.routes.x.colour: unknown field")]
    [InlineData("""gateway.routes.x { prefix = "/x", upstreams = ["ftp://localhost:1"] }""", "gateway.routes.x.upstreams[0]: 'ftp://localhost:1' is not an absolute http(s) URL")]
    [InlineData("""gateway.routes.x { prefix = "/x", upstreams = ["not a url"] }""", "gateway.routes.x.upstreams[0]")]
    [InlineData("""gateway.routes.x { prefix = "/x", upstreams = [] }""", "gateway.routes.x.upstreams: needs at least one upstream URL")]
    [InlineData("""gateway.routes.x { prefix = "x", upstreams = ["http://localhost:1"] }""", "gateway.routes.x.prefix: 'x' must start with '/'")]
    [InlineData("""gateway.routes.x { upstreams = ["http://localhost:1"] }""", "gateway.routes.x.prefix: is required")]
    [InlineData("gateway.circuit-breaker.call-timeout = -5s", "gateway.circuit-breaker.call-timeout: must not be negative")]
    [InlineData("gateway.circuit-breaker.call-timeout = soon", "gateway.circuit-breaker.call-timeout: 'soon' is not a duration")]
    [InlineData("""gateway.routes.service-a.circuit-breaker.call-timeout = -1s""", "gateway.routes.service-a.circuit-breaker.call-timeout: must not be negative")]
    [InlineData("""gateway.routes.x { prefix = "/service-a", upstreams = ["http://localhost:1"] }""", "already the prefix of route")]
    [InlineData("""gateway.forwarded-headers.trusted-proxies = ["10.0.0.0/99"]""", "gateway.forwarded-headers.trusted-proxies[0]")]
    [InlineData("gateway.rate-limits { }", "gateway.rate-limits: unknown field")]
    [InlineData("gateway.rate-limit.requests = 0", "gateway.rate-limit.requests: must be at least 1")]
    [InlineData("gateway.cache.ttl = -30s", "gateway.cache.ttl: must not be negative")]
    [InlineData("gateway.cache.max-variants = 0", "gateway.cache.max-variants: must be at least 1, got 0")]
    [InlineData("""gateway.routes.service-a.cache.max-variants = lots""", "gateway.routes.service-a.cache.max-variants: 'lots' is not a whole number")]
    [InlineData("gateway.cache.freshness = exact", "gateway.cache.freshness: 'exact' is not a freshness mode (use ttl or origin-exact)")]
    [InlineData("""gateway.routes.service-a.cache.cdn-cache-control = maybe""", "gateway.routes.service-a.cache.cdn-cache-control: 'maybe' is not a switch (use on or off)")]
    [InlineData("""gateway.routes.service-a.rate-limit { reqests = 5 }""", "gateway.routes.service-a.rate-limit.reqests: unknown field")]
    [InlineData("""gateway.routes.service-a.circuit-breaker { max-reset-timeout = 1s }""", "gateway.routes.service-a.circuit-breaker.max-reset-timeout: must be at least reset-timeout")]
    [InlineData("""gateway.cluster { enabled = on, seed-nodes = ["127.0.0.1:4053", "10.0.0.2"] }""", "gateway.cluster.seed-nodes[1]: '10.0.0.2' is not host:port")]
    [InlineData("""gateway.cluster { enabled = on, seed-nodes = ["10.0.0.2:99999"] }""", "gateway.cluster.seed-nodes[0]: '10.0.0.2:99999' has no valid port")]
    [InlineData("""gateway.cluster { enabled = on, seed-nodes = ["akka.tcp://gateway@10.0.0.2:4053"] }""", "gateway.cluster.seed-nodes[0]")]
    [InlineData("""gateway.cluster { enabled = on, seed-nodes = ["::1:4053"] }""", "gateway.cluster.seed-nodes[0]: '::1:4053' is not host:port")]
    [InlineData("""gateway.cluster { seed-nodes = ["bad host:4053"] }""", "gateway.cluster.seed-nodes[0]")]
    [InlineData("""gateway.cluster { enabled = on }""", "gateway.cluster.seed-nodes: must name at least one host:port")]
    [InlineData("""gateway.cluster.port = -1""", "gateway.cluster.port: must be at least 0")]
    [InlineData("""gateway.cluster.discovery.method = dns""", "gateway.cluster.discovery.method: 'dns' is not a discovery method")]
    [InlineData("""gateway.cluster.discovery.method = config""", "gateway.cluster.discovery.endpoints: must name")]
    [InlineData("""gateway.cluster.seeds = []""", "gateway.cluster.seeds: unknown field")]
    [InlineData("gateway.cluster.rate-limit-fallback = sometimes", "gateway.cluster.rate-limit-fallback: 'sometimes' is not a switch (use on or off)")]
    [InlineData("""gateway.cluster.hostname-env = "GATEWAY_TEST_UNSET_POD_IP" """, "gateway.cluster.hostname-env: names the environment variable 'GATEWAY_TEST_UNSET_POD_IP', which is not set")]
    public async Task BrokenConfig_StopsStartup_WithOneLineNamingTheKey(string overlay, string expected)
    {
        Assert.Contains(expected, await FailedStartup.ErrorLineAsync(overlay));
    }

    [Fact]
    public async Task MissingOverlayFile_StopsStartup_NamingTheFile()
    {
        Assert.Contains("/nonexistent/gateway.hocon", await FailedStartup.ErrorLineAsync(["--config", "/nonexistent/gateway.hocon"]));
    }

}
