using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>
/// A relay waiting for frames holds no receive buffer (thousands of quiet connections would otherwise
/// pin one per side), yet what arrives after the wait is passed on as before.
/// </summary>
public sealed class WebSocketRelayIdleTests(ITestOutputHelper output) : RelayTestKit(output)
{
    [Fact]
    public async Task QuietSides_WaitForTheirNextFrameWithoutHoldingABuffer()
    {
        var (r, relay) = StartRelay();
        r.Client.PushText("one");
        Assert.Equal("one", (await r.Upstream.NextSentAsync()).Text);
        r.Upstream.PushText("two");
        Assert.Equal("two", (await r.Client.NextSentAsync()).Text);
        await RoundTripAsync(relay);

        Assert.Equal((0, 0), (r.Client.ReadsWaitingWithABuffer, r.Upstream.ReadsWaitingWithABuffer));
        Assert.True(r.Client.ZeroByteReceiveCalls >= 2, $"client: {r.Client.ZeroByteReceiveCalls} zero-byte waits");
        Assert.True(r.Upstream.ZeroByteReceiveCalls >= 2, $"upstream: {r.Upstream.ZeroByteReceiveCalls} zero-byte waits");
    }

    [Fact]
    public async Task LargeFrame_AfterAQuietSpell_IsReadInBufferSizedPieces_AndArrivesWholeAsTheSameFrame()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { ReceiveBufferBytes = 1024 });
        await RoundTripAsync(relay);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var payload = Enumerable.Range(0, 40 * 1024 + 100).Select(i => (byte)(i * 7)).ToArray();

        r.Client.PushBinary(payload);

        var frame = await r.Upstream.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Binary, true), (frame.Type, frame.EndOfMessage));
        Assert.Equal(payload, frame.Payload);
        Assert.True(r.Client.ReceiveCalls >= 41, $"{r.Client.ReceiveCalls} reads of at most 1 KiB for 40 KiB");
        Assert.Equal(0, r.Client.ReadsWaitingWithABuffer);
        Assert.Equal((1, 0), (r.Upstream.MostSendsInFlight, r.Upstream.Violations));
    }

    [Fact]
    public async Task EmptyMessage_IsRelayedAsAnEmptyMessage()
    {
        var (r, _) = StartRelay();

        r.Client.PushText("");
        r.Client.PushText("after");
        r.Upstream.PushBinary([]);

        var up = new[] { await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync() };
        Assert.Equal((WebSocketMessageType.Text, 0, true), (up[0].Type, up[0].Payload.Length, up[0].EndOfMessage));
        Assert.Equal("after", up[1].Text);
        var down = await r.Client.NextSentAsync();
        Assert.Equal((WebSocketMessageType.Binary, 0, true), (down.Type, down.Payload.Length, down.EndOfMessage));
    }

    [Fact]
    public async Task MessageEndingInAnEmptyFragment_EndsWhereTheSenderEndedIt()
    {
        var (r, _) = StartRelay();

        r.Client.PushText("abc", endOfMessage: false);
        r.Client.PushText("", endOfMessage: true);
        r.Client.PushText("next");

        var up = new[] { await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync(), await r.Upstream.NextSentAsync() };
        Assert.Equal(["abc", "", "next"], up.Select(f => f.Text));
        Assert.Equal([false, true, true], up.Select(f => f.EndOfMessage));
    }
}
