using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

public sealed class WebSocketRelayLimitsTests(ITestOutputHelper output) : RelayTestKit(output)
{
    private static readonly WebSocketRelay.Settings SmallMessages =
        WebSocketRelay.Settings.Default with { MaxMessageBytes = 1024, ReceiveBufferBytes = 1024 };

    [Fact]
    public async Task MessageWhoseFragmentsExceedTheLimit_ClosesBothSidesWith1009()
    {
        var (r, relay) = StartRelay(SmallMessages);

        r.Client.PushBinary(new byte[1000], endOfMessage: false);
        r.Client.PushBinary(new byte[100], endOfMessage: true);

        var first = await r.Upstream.NextSentAsync();
        Assert.Equal((1000, false), (first.Payload.Length, first.EndOfMessage));
        var toUpstream = await r.Upstream.NextSentAsync();
        var toClient = await r.Client.NextSentAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, toUpstream.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, toClient.CloseStatus);

        r.Client.PushClose(WebSocketCloseStatus.MessageTooBig, "");
        r.Upstream.PushClose(WebSocketCloseStatus.MessageTooBig, "");
        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.MessageTooBig, WebSocketCloseStatus.MessageTooBig), (result.Reason, result.CloseStatus));
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task MessagesAtTheLimit_AreRelayed_BecauseTheLimitIsPerMessage()
    {
        var (r, _) = StartRelay(SmallMessages);

        r.Upstream.PushBinary(new byte[1000], endOfMessage: false);
        r.Upstream.PushBinary(new byte[24], endOfMessage: true);
        r.Upstream.PushBinary(new byte[1024]);

        Assert.Equal(1000, (await r.Client.NextSentAsync()).Payload.Length);
        Assert.Equal(24, (await r.Client.NextSentAsync()).Payload.Length);
        var third = await r.Client.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Binary, 1024), (third.Type, third.Payload.Length));

        var result = await CloseFromClientAsync(r);
        Assert.Equal(RelayEndReason.ClientClosed, result.Reason);
        Assert.Equal(2, result.MessagesFromUpstream);
    }

    [Fact]
    public async Task NothingMovingForTheIdleTimeout_ClosesBothWith1001()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { IdleTimeout = TimeSpan.FromMinutes(10) });
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromMinutes(10));

        var toClient = await r.Client.NextSentAsync();
        var toUpstream = await r.Upstream.NextSentAsync();
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, "idle timeout"), (toClient.CloseStatus, toClient.CloseDescription));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, toUpstream.CloseStatus);
        r.Client.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        r.Upstream.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        Assert.Equal(RelayEndReason.IdleTimeout, (await r.ResultAsync()).Reason);
    }

    [Fact]
    public async Task AMessage_PostponesTheIdleTimeoutByAWholePeriod()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { IdleTimeout = TimeSpan.FromMinutes(10) });
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromMinutes(6));
        r.Client.PushText("still here");
        await r.Upstream.NextSentAsync();
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromMinutes(4));
        await RoundTripAsync(relay);
        Assert.False(r.Client.TryTakeSent(out _));
        Assert.False(r.Upstream.TryTakeSent(out _));

        Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Client.NextSentAsync()).CloseStatus);
    }

    [Fact]
    public async Task IdleTimeoutOff_NeverClosesAQuietConnection()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { IdleTimeout = TimeSpan.Zero });
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromDays(1));
        await RoundTripAsync(relay);

        Assert.False(r.Client.TryTakeSent(out _));
        Assert.False(r.Upstream.TryTakeSent(out _));
        r.Client.PushText("hello tomorrow");
        Assert.Equal("hello tomorrow", (await r.Upstream.NextSentAsync()).Text);
    }
}
