using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>
/// RFC 9110 §15.2 (1xx) and §10.1.1 (Expect). The gateway cannot relay an arbitrary interim response:
/// SocketsHttpHandler consumes every 1xx but 101 without telling its caller, and Kestrel has no API
/// to send one. What does cross is the <c>Expect: 100-continue</c> handshake: the upstream's 100 is
/// what lets the gateway read the client's body, which is when Kestrel sends the client its 100, and
/// an upstream that answers at once with a final status gets that status to the client before any
/// body was sent.
/// </summary>
public sealed class InterimResponseTests
{
    [Fact]
    public async Task Rfc9110_15_2_1_UpstreamsContinue_LetsTheClientSendItsBody_EndToEnd()
    {
        await using var upstream = new RawHttpUpstream(async c =>
        {
            await c.SendAsync("HTTP/1.1 100 Continue\n\n");
            var body = new byte[5];
            await c.Stream.ReadExactlyAsync(body, c.Stopping);
            await c.SendAsync($"HTTP/1.1 200 OK\nContent-Length: 5\n\n{System.Text.Encoding.ASCII.GetString(body)}");
        });
        await using var gateway = await TestGateway.StartForAsync(upstream.Address);
        await using var client = await RawHttpClient.ConnectAsync(gateway.Address);

        await client.SendAsync($"POST /up/x HTTP/1.1\nHost: {gateway.Address.Authority}\nExpect: 100-continue\nContent-Length: 5\n\n");
        Assert.Equal(100, (await client.ReadResponseAsync()).Status);
        await client.SendAsync("hello");
        var final = await client.ReadResponseAsync();

        Assert.Equal(200, final.Status);
        Assert.Equal("hello", final.Body);
        Assert.Contains("Expect: 100-continue", upstream.Heads.Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rfc9110_10_1_1_UpstreamsFinalAnswerBeforeContinue_ReachesTheClient_WhichNeverSendsItsBody()
    {
        await using var upstream = new RawHttpUpstream("HTTP/1.1 413 Content Too Large\nContent-Length: 8\nConnection: close\n\ntoo big!");
        await using var gateway = await TestGateway.StartForAsync(upstream.Address);
        await using var client = await RawHttpClient.ConnectAsync(gateway.Address);

        await client.SendAsync($"POST /up/x HTTP/1.1\nHost: {gateway.Address.Authority}\nExpect: 100-continue\nContent-Length: 1000000\n\n");
        var first = await client.ReadResponseAsync();

        // Not a 100 first: the gateway did not invite a body the upstream had already refused.
        Assert.Equal(413, first.Status);
        Assert.Equal("too big!", first.Body);
    }

    [Fact]
    public async Task Rfc9110_15_2_EarlyHints_FromTheUpstream_AreNotRelayed_AndTheFinalResponseArrivesWhole()
    {
        await using var upstream = new RawHttpUpstream("""
            HTTP/1.1 103 Early Hints
            Link: </style.css>; rel=preload; as=style

            HTTP/1.1 200 OK
            Content-Length: 5
            Link: </style.css>; rel=preload; as=style

            final
            """);
        await using var gateway = await TestGateway.StartForAsync(upstream.Address);

        var response = await RawHttpClient.GetAsync(gateway, "/up/page");

        // The handler swallows the 103 (no API surfaces it); its hints still arrive on the final response.
        Assert.Equal(200, response.Status);
        Assert.Equal("final", response.Body);
        Assert.Equal("</style.css>; rel=preload; as=style", response.Header("Link"));
    }
}
