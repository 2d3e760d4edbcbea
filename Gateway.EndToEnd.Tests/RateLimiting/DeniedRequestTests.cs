using System.Net;
using System.Text.RegularExpressions;
using Gateway.EndToEnd.Tests.Infrastructure;
using static Gateway.EndToEnd.Tests.RateLimiting.RateLimitedGateway;

namespace Gateway.EndToEnd.Tests.RateLimiting;

public sealed partial class DeniedRequestTests : GatewayWithTestUpstream
{
    protected override string Overlay(string up) => UpRoute(up, Policy(requests: 3));

    [Fact]
    public async Task AdmittedResponses_CarryPolicyAndRemaining()
    {
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            using var response = await GetAsync("/up/echo");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"default\";q=3;w=60", Header(response, "RateLimit-Policy"));
            // A sliding log has its whole quota back one window after the newest admitted request.
            Assert.Equal($"\"default\";r={remaining};t=60", Header(response, "RateLimit"));
            Assert.False(HasHeader(response, "Retry-After"));
        }
    }

    [Fact]
    public async Task OverTheLimit_Gets429ProblemWithRetryAfterAndHeaders()
    {
        for (var i = 0; i < 3; i++)
        {
            using var admitted = await GetAsync("/up/echo");
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using var denied = await GetAsync("/up/echo");
        var problem = await ProblemJson.AssertAsync(denied, 429);
        Assert.Contains("default", problem.GetProperty("detail").GetString());

        // The oldest of the three admitted requests stops counting within the minute: that is when the next one gets in.
        var retryAfter = RetryAfterSeconds(denied);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("\"default\";q=3;w=60", Header(denied, "RateLimit-Policy"));
        var rateLimit = RateLimitValue().Match(Header(denied, "RateLimit"));
        Assert.True(rateLimit.Success, Header(denied, "RateLimit"));
        var resetSeconds = int.Parse(rateLimit.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resetSeconds, retryAfter, 60);
    }

    [Fact]
    public async Task DeniedRequests_NeverReachTheUpstream()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.Url("/up/upload")) { Content = new StringContent("payload") };
            using var response = await Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, Upstream.Calls);
    }

    [GeneratedRegex("^\"default\";r=0;t=(?<t>[0-9]+)$")]
    private static partial Regex RateLimitValue();
}
