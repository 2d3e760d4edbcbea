using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

public sealed class WebSocketRelayPumpTests(ITestOutputHelper output) : RelayTestKit(output)
{
    [Fact]
    public async Task TextAndBinary_AreRelayedBothWaysInOrder()
    {
        var (r, _) = StartRelay();

        r.Client.PushText("one");
        r.Client.PushBinary([1, 2, 3]);
        r.Client.PushText("three");
        r.Upstream.PushBinary([9]);
        r.Upstream.PushText("reply");

        var toUpstream = new[] { await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync() };
        Assert.Equal((WebSocketMessageType.Text, "one", true), (toUpstream[0].Type, toUpstream[0].Text, toUpstream[0].EndOfMessage));
        Assert.Equal(WebSocketMessageType.Binary, toUpstream[1].Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, toUpstream[1].Payload);
        Assert.Equal((WebSocketMessageType.Text, "three"), (toUpstream[2].Type, toUpstream[2].Text));

        var toClient = new[] { await r.Client.NextSentAsync(), await r.Client.NextSentAsync() };
        Assert.Equal(WebSocketMessageType.Binary, toClient[0].Type);
        Assert.Equal(new byte[] { 9 }, toClient[0].Payload);
        Assert.Equal((WebSocketMessageType.Text, "reply"), (toClient[1].Type, toClient[1].Text));
    }

    [Fact]
    public async Task FragmentedMessage_IsPassedOnAsTheSameFragments()
    {
        var (r, _) = StartRelay();

        r.Client.PushText("Hel", endOfMessage: false);
        r.Client.PushText("lo, ", endOfMessage: false);
        r.Client.PushText("world", endOfMessage: true);
        r.Upstream.PushBinary([1], endOfMessage: false);
        r.Upstream.PushBinary([2], endOfMessage: true);

        var up = new[] { await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync() };
        Assert.Equal(["Hel", "lo, ", "world"], up.Select(f => f.Text));
        Assert.Equal([false, false, true], up.Select(f => f.EndOfMessage));
        Assert.All(up, f => Assert.Equal(WebSocketMessageType.Text, f.Type));

        var down = new[] { await r.Client.NextSentAsync(), await r.Client.NextSentAsync() };
        Assert.Equal([false, true], down.Select(f => f.EndOfMessage));
        Assert.All(down, f => Assert.Equal(WebSocketMessageType.Binary, f.Type));
    }

    [Fact]
    public async Task FrameLongerThanTheReceiveBuffer_IsPassedOnWhole_AsTheSameFrame()
    {
        var (r, _) = StartRelay(WebSocketRelay.Settings.Default with { ReceiveBufferBytes = 1024 });
        var payload = Enumerable.Range(0, 2560).Select(i => (byte)i).ToArray();

        r.Upstream.PushBinary(payload);

        var frame = await r.Client.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Binary, true), (frame.Type, frame.EndOfMessage));
        Assert.Equal(payload, frame.Payload);
        Assert.False(r.Client.TryTakeSent(out _));
    }

    [Fact]
    public async Task PeersPings_PassThrough_AndAPingInsideAFragmentedMessageKeepsItsPlace()
    {
        var (r, _) = StartRelay();

        r.Client.PushText("first half ", endOfMessage: false);
        r.Client.PushPing([1, 2, 3]);
        r.Client.PushText("second half");

        var fragments = new[] { await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync() };
        Assert.Equal(["first half ", "second half"], fragments.Select(f => f.Text));
        Assert.Equal([[1, 2, 3]], r.Upstream.Pings);
        Assert.Equal(0, r.Upstream.Violations);
    }

    [Fact]
    public async Task SlowReader_NextFrameFromItsWriterIsNotReadUntilThePreviousWasDelivered()
    {
        var (r, relay) = StartRelay();
        r.Upstream.HoldSends = true;

        r.Client.PushText("one");
        r.Client.PushText("two");
        r.Client.PushText("three");

        // "one" is on its way to the upstream and stuck there; the client must not be read again.
        await r.Upstream.WaitForHeldSendAsync();
        await RoundTripAsync(relay);
        Assert.Equal(1, r.Client.ReceiveCalls);

        // The other direction is independent and keeps flowing meanwhile.
        r.Upstream.PushText("reply");
        Assert.Equal("reply", (await r.Client.NextSentAsync()).Text);
        await RoundTripAsync(relay);
        Assert.Equal(1, r.Client.ReceiveCalls);

        await r.Upstream.ReleaseSendAsync();
        Assert.Equal("one", (await r.Upstream.NextSentAsync()).Text);
        await r.Upstream.WaitForHeldSendAsync();
        await RoundTripAsync(relay);
        Assert.Equal(2, r.Client.ReceiveCalls);

        await r.Upstream.ReleaseSendAsync();
        Assert.Equal("two", (await r.Upstream.NextSentAsync()).Text);
        await r.Upstream.ReleaseSendAsync();
        Assert.Equal("three", (await r.Upstream.NextSentAsync()).Text);

        Assert.Equal(1, r.Upstream.MostSendsInFlight);
        Assert.Equal(1, r.Client.MostReceivesInFlight);
        Assert.Equal(0, r.Upstream.Violations);
        Assert.Equal(0, r.Client.Violations);
    }

    [Fact]
    public async Task Result_CountsMessagesAndBytesEachWayAndTheDuration()
    {
        var (r, relay) = StartRelay();
        await RoundTripAsync(relay);

        r.Client.PushText("abc");
        r.Client.PushBinary([1, 2, 3, 4, 5]);
        r.Upstream.PushText("he", endOfMessage: false);
        r.Upstream.PushText("llo", endOfMessage: true);
        await r.Upstream.NextSentAsync();
        await r.Upstream.NextSentAsync();
        await r.Client.NextSentAsync();
        await r.Client.NextSentAsync();
        Clock.Advance(TimeSpan.FromSeconds(42));

        var result = await CloseFromClientAsync(r);

        Assert.Equal("c1", result.ConnectionId);
        Assert.Equal((2L, 8L), (result.MessagesFromClient, result.BytesFromClient));
        Assert.Equal((1L, 5L), (result.MessagesFromUpstream, result.BytesFromUpstream));
        Assert.Equal(TimeSpan.FromSeconds(42), result.Duration);
    }
}
