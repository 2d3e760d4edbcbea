using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>
/// A write to a side fails ("connection reset") as soon as that peer has closed its end, which a peer
/// failing the connection does right after its Close (RFC 6455 §7.1.7). The Close may still be unread
/// then, so the side is read on: its Close gives the other side its code (§7.4), and only its read
/// failing or the close timeout makes it a lost connection (1011).
/// </summary>
public sealed class WebSocketRelayFailedWriteTests(ITestOutputHelper output) : RelayTestKit(output)
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The upstream's next bytes arrive but wait unread (its reader waits for its last frame, held on the
    /// way to the client, to be delivered), and then a client frame's write to the upstream fails.
    /// </summary>
    private async Task WriteUpFailsWhileTheUpstreamsNextBytesWaitAsync(RelayParts r, Action upstreamSends)
    {
        r.Client.HoldSends = true;
        r.Upstream.PushText("on its way down");
        await r.Client.WaitForHeldSendAsync();
        await HoldAFrameOnItsWayUpAsync(r, "text the upstream refuses");
        upstreamSends();

        await EventFilter.Info(contains: "writing to upstream failed").ExpectOneAsync(() => r.Upstream.FailHeldSendAsync());

        r.Client.HoldSends = false;
        await r.Client.ReleaseSendAsync();
        Assert.Equal("on its way down", (await r.Client.NextSentAsync()).Text);
    }

    [Fact]
    public async Task UpstreamsCloseUnreadWhenAWriteToItFails_TheClientGetsTheUpstreamsCode()
    {
        var (r, relay) = StartRelay();

        await WriteUpFailsWhileTheUpstreamsNextBytesWaitAsync(r,
            () => r.Upstream.PushClose(WebSocketCloseStatus.InvalidPayloadData, "invalid UTF-8"));

        var toClient = await r.Client.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.InvalidPayloadData, "invalid UTF-8"),
            (toClient.Type, toClient.CloseStatus, toClient.CloseDescription));
        r.Client.PushClose(WebSocketCloseStatus.InvalidPayloadData, "");
        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.UpstreamClosed, WebSocketCloseStatus.InvalidPayloadData), (result.Reason, result.CloseStatus));
        // Nothing more was written to the upstream once a write to it had failed, the client's answer included.
        Assert.False(r.Upstream.TryTakeSent(out _));
        Assert.Equal((0, 0), (r.Client.Violations, r.Upstream.Violations));
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task UpstreamsReadFailingAfterAFailedWrite_TheClientGets1011()
    {
        var (r, relay) = StartRelay();

        await WriteUpFailsWhileTheUpstreamsNextBytesWaitAsync(r, r.Upstream.Drop);

        await ExpectTheClientClosedForALostUpstreamAsync(r, relay);
    }

    [Fact]
    public async Task NoCloseWithinTheCloseTimeoutAfterAFailedWrite_TheClientGets1011()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { CloseTimeout = CloseTimeout });
        await HoldAFrameOnItsWayUpAsync(r, "text the upstream refuses");
        await EventFilter.Info(contains: "writing to upstream failed").ExpectOneAsync(() => r.Upstream.FailHeldSendAsync());
        await RoundTripAsync(relay); // the close timer is set when the failure has been handled

        Clock.Advance(CloseTimeout - TimeSpan.FromSeconds(1));
        await RoundTripAsync(relay);
        Assert.False(r.Client.TryTakeSent(out _));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WebSocketCloseStatus.InternalServerError, (await r.Client.NextCloseAsync()).CloseStatus);
        Assert.True(r.Upstream.WasAborted);
        // The client has a close timeout of its own to answer the 1011.
        r.Client.PushClose(WebSocketCloseStatus.InternalServerError, "");
        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.UpstreamLost, WebSocketState.Closed), (result.Reason, r.Client.State));
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task ClientsCloseUnreadWhenAWriteToItFails_TheUpstreamGetsTheClientsCode()
    {
        var (r, relay) = StartRelay();
        // The client's Close waits unread behind its frame, held on the way up; then a write down fails.
        await HoldAFrameOnItsWayUpAsync(r, "on its way up");
        r.Client.PushClose((WebSocketCloseStatus)4000, "bye");
        r.Client.HoldSends = true;
        r.Upstream.PushText("on its way down");
        await EventFilter.Info(contains: "writing to client failed").ExpectOneAsync(() => r.Client.FailHeldSendAsync());

        var toUpstream = await ReleaseHeldTextThenNextAsync(r.Upstream, "on its way up");

        Assert.Equal(((WebSocketCloseStatus)4000, "bye"), (toUpstream.CloseStatus, toUpstream.CloseDescription));
        r.Upstream.PushClose((WebSocketCloseStatus)4000, "bye");
        Assert.Equal((RelayEndReason.ClientClosed, (WebSocketCloseStatus)4000), ((await r.ResultAsync()).Reason, (await r.ResultAsync()).CloseStatus));
        await ExpectTerminatedAsync(relay);
    }
}
