using System.Net.WebSockets;
using Akka.Actor;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

public sealed class WebSocketRelayCloseTests(ITestOutputHelper output) : RelayTestKit(output)
{
    [Fact]
    public async Task ClientClose_IsPassedToUpstreamWithItsStatus_AndUpstreamsAnswerCompletesTheClientsHandshake()
    {
        var (r, relay) = StartRelay();

        r.Client.PushClose(WebSocketCloseStatus.NormalClosure, "bye now");
        var toUpstream = await r.Upstream.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.NormalClosure, "bye now"),
            (toUpstream.Type, toUpstream.CloseStatus, toUpstream.CloseDescription));

        r.Upstream.PushClose(WebSocketCloseStatus.NormalClosure, "ok");
        var toClient = await r.Client.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.NormalClosure, "ok"),
            (toClient.Type, toClient.CloseStatus, toClient.CloseDescription));

        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.ClientClosed, WebSocketCloseStatus.NormalClosure, "bye now"),
            (result.Reason, result.CloseStatus, result.CloseDescription));
        Assert.Equal((WebSocketState.Closed, WebSocketState.Closed), (r.Client.State, r.Upstream.State));
        Assert.True(r.Client.IsDisposed && r.Upstream.IsDisposed);
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task UpstreamClose_IsPassedToClientWithItsCustomStatusAndDescription()
    {
        var (r, relay) = StartRelay();

        r.Upstream.PushClose((WebSocketCloseStatus)4001, "session expired");
        var toClient = await r.Client.NextSentAsync();
        Assert.Equal(((WebSocketCloseStatus)4001, "session expired"), (toClient.CloseStatus, toClient.CloseDescription));

        r.Client.PushClose((WebSocketCloseStatus)4001, "session expired");
        var toUpstream = await r.Upstream.NextSentAsync();
        Assert.Equal((WebSocketCloseStatus)4001, toUpstream.CloseStatus);

        var result = await r.ResultAsync();
        Assert.Equal(RelayEndReason.UpstreamClosed, result.Reason);
        Assert.True(r.Client.IsDisposed && r.Upstream.IsDisposed);
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task AfterTheClientsClose_UpstreamMessagesSentBeforeItsAnswerStillReachTheClient()
    {
        var (r, _) = StartRelay();

        r.Client.PushClose(WebSocketCloseStatus.NormalClosure, "done");
        await r.Upstream.NextCloseAsync();
        r.Upstream.PushText("last words");
        r.Upstream.PushClose(WebSocketCloseStatus.NormalClosure, "done");

        Assert.Equal("last words", (await r.Client.NextSentAsync()).Text);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await r.Client.NextSentAsync()).CloseStatus);
        Assert.Equal(1, (await r.ResultAsync()).MessagesFromUpstream);
    }

    [Fact]
    public async Task ClientCloseBehindAStuckFrame_ReachesTheUpstreamOnlyAfterThatFrame()
    {
        var (r, relay) = StartRelay();
        await HoldAFrameOnItsWayUpAsync(r, "in flight");

        // The client's reader sees the Close coming, but may not act on it before the frame is delivered.
        r.Client.PushClose(WebSocketCloseStatus.NormalClosure, "bye");
        await RoundTripAsync(relay);
        Assert.False(r.Upstream.TryTakeSent(out _));

        var close = await ReleaseHeldTextThenNextAsync(r.Upstream, "in flight");
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.NormalClosure, "bye"),
            (close.Type, close.CloseStatus, close.CloseDescription));
        Assert.Equal(0, r.Upstream.Violations);
    }

    [Fact]
    public async Task ClientDrop_ClosesUpstreamWith1011()
    {
        var (r, relay) = StartRelay();

        r.Client.Drop();
        var toUpstream = await r.Upstream.NextSentAsync();
        Assert.Equal(WebSocketCloseStatus.InternalServerError, toUpstream.CloseStatus);
        r.Upstream.PushClose(WebSocketCloseStatus.InternalServerError, "");

        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.ClientLost, WebSocketCloseStatus.InternalServerError), (result.Reason, result.CloseStatus));
        Assert.True(r.Client.IsDisposed && r.Upstream.IsDisposed);
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task UpstreamDrop_ClosesClientWith1011()
    {
        var (r, relay) = StartRelay();

        r.Upstream.Drop();

        await ExpectTheClientClosedForALostUpstreamAsync(r, relay);
    }

    [Fact]
    public async Task UpstreamDropWhileAFrameIsStuckOnItsWay_StillClosesClientWith1011()
    {
        var (r, relay) = StartRelay();
        await HoldAFrameOnItsWayUpAsync(r, "stuck");

        r.Upstream.Drop();

        Assert.Equal(WebSocketCloseStatus.InternalServerError, (await r.Client.NextCloseAsync()).CloseStatus);
        r.Client.PushClose(WebSocketCloseStatus.InternalServerError, "");
        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.UpstreamLost, 0L), (result.Reason, result.MessagesFromClient));
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task Shutdown_ClosesBothWith1001()
    {
        var (r, relay) = StartRelay();

        relay.Tell(new WebSocketRelay.Shutdown("c1"));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Client.NextSentAsync()).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Upstream.NextSentAsync()).CloseStatus);
        r.Client.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        r.Upstream.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");

        Assert.Equal(RelayEndReason.Shutdown, (await r.ResultAsync()).Reason);
        Assert.True(r.Client.IsDisposed && r.Upstream.IsDisposed);
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task ShutdownWhileAFrameIsStuckOnItsWay_SendsTheCloseOnlyAfterThatFrame()
    {
        var (r, relay) = StartRelay();
        await HoldAFrameOnItsWayUpAsync(r, "in flight");

        relay.Tell(new WebSocketRelay.Shutdown("c1"));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Client.NextSentAsync()).CloseStatus);
        await RoundTripAsync(relay);
        Assert.False(r.Upstream.TryTakeSent(out _));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await ReleaseHeldTextThenNextAsync(r.Upstream, "in flight")).CloseStatus);

        Assert.Equal(1, r.Upstream.MostSendsInFlight);
        Assert.Equal(0, r.Upstream.Violations);
    }

    [Fact]
    public async Task RelayStoppedFromOutside_ClosesBothWith1001AndReleasesTheEndpoint()
    {
        var (r, relay) = StartRelay();
        await RoundTripAsync(relay);

        Sys.Stop(relay);

        await ExpectTerminatedAsync(relay);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Client.NextSentAsync()).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Upstream.NextSentAsync()).CloseStatus);
        await r.Client.Disposal.WaitAsync(RelayTestConfig.Patience);
        await r.Upstream.Disposal.WaitAsync(RelayTestConfig.Patience);
        Assert.Equal(RelayEndReason.Shutdown, (await r.ResultAsync()).Reason);
    }

    [Fact]
    public async Task PeerThatNeverAnswersTheClose_IsAbortedAfterTheCloseTimeout()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { CloseTimeout = TimeSpan.FromSeconds(5) });

        r.Client.PushClose(WebSocketCloseStatus.NormalClosure, "bye");
        await r.Upstream.NextCloseAsync();
        await RoundTripAsync(relay);
        Clock.Advance(TimeSpan.FromSeconds(4));
        await RoundTripAsync(relay);
        Assert.False(r.Completion.Task.IsCompleted);

        Clock.Advance(TimeSpan.FromSeconds(1));

        var result = await r.ResultAsync();
        Assert.Equal(RelayEndReason.ClientClosed, result.Reason);
        Assert.True(r.Upstream.WasAborted);
        Assert.True(r.Client.IsDisposed && r.Upstream.IsDisposed);
        await ExpectTerminatedAsync(relay);
    }
}
