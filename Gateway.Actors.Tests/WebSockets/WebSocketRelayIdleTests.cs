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
    public async Task LargeMessage_AfterAQuietSpell_ArrivesWholeInBufferSizedFragments()
    {
        var (r, relay) = StartRelay(WebSocketRelay.Settings.Default with { ReceiveBufferBytes = 1024 });
        await RoundTripAsync(relay);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var payload = Enumerable.Range(0, 40 * 1024 + 100).Select(i => (byte)(i * 7)).ToArray();

        r.Client.PushBinary(payload);

        var frames = new List<SentFrame>();
        do frames.Add(await r.Upstream.NextSentAsync());
        while (!frames[^1].EndOfMessage);
        Assert.Equal(41, frames.Count);
        Assert.All(frames[..^1], f => Assert.Equal(1024, f.Payload.Length));
        Assert.All(frames, f => Assert.Equal(WebSocketMessageType.Binary, f.Type));
        Assert.Equal(payload, frames.SelectMany(f => f.Payload).ToArray());
        Assert.Equal(0, r.Client.ReadsWaitingWithABuffer);
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
