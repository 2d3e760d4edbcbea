using System.Net.WebSockets;
using Akka.Actor;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>What the relay does with frames on the wire: its own keep-alives, a close inside a frame (broken frames: <see cref="WebSocketRelayProtocolErrorTests"/>).</summary>
public sealed class WebSocketRelayFramesTests(ITestOutputHelper output) : RelayTestKit(output)
{
    [Fact]
    public async Task KeepAlive_SendsAPongToEachQuietSide_ButNotToOneThatWasJustSentFrames()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { KeepAlive = TimeSpan.FromSeconds(30) });
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromSeconds(30));
        await AwaitConditionAsync(() => Task.FromResult(r.Client.Pongs == 1 && r.Upstream.Pongs == 1));

        Clock.Advance(TimeSpan.FromSeconds(20));
        r.Client.PushText("busy");
        await r.Upstream.NextSentAsync();
        Clock.Advance(TimeSpan.FromSeconds(10));
        await AwaitConditionAsync(() => Task.FromResult(r.Client.Pongs == 2));
        await RoundTripAsync(relay);
        Assert.Equal(1, r.Upstream.Pongs);
        Assert.Equal((0, 0), (r.Client.Violations, r.Upstream.Violations));
    }

    [Fact]
    public async Task KeepAliveOff_SendsNothingToAQuietConnection()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { KeepAlive = TimeSpan.Zero });
        await RoundTripAsync(relay);

        Clock.Advance(TimeSpan.FromHours(1));
        await RoundTripAsync(relay);

        Assert.Equal((0, 0), (r.Client.Pongs, r.Upstream.Pongs));
    }

    [Fact]
    public async Task ShutdownWhileAFrameIsHalfwayAcross_DropsTheSideInsideTheFrame_AndClosesTheOther()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { ReceiveBufferBytes = 1024 });
        var frame = r.Client.Frame(0x2, new byte[4096], fin: true);
        r.Client.PushRaw(frame[..2000]);
        await AwaitConditionAsync(() => Task.FromResult(r.Client.ReceiveCalls >= 2));
        await RoundTripAsync(relay);

        relay.Tell(new WebSocketRelay.Shutdown("c1"));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await r.Client.NextCloseAsync()).CloseStatus);
        await r.Upstream.Disposal.WaitAsync(RelayTestConfig.Patience);
        Assert.True(r.Upstream.WasAborted);
        Assert.False(r.Upstream.TryTakeSent(out _)); // no Close was written into the frame
        r.Client.PushRaw(frame[2000..]);
        r.Client.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        Assert.Equal(RelayEndReason.Shutdown, (await r.ResultAsync()).Reason);
    }
}
