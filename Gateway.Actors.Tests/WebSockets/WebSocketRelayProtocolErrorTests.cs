using System.Buffers.Binary;
using System.Net.WebSockets;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>
/// A side that breaks RFC 6455 has its connection failed (§7.1.7): it is sent a Close with 1002
/// (1007 for a Close reason that is not UTF-8, §7.4.1, §8.1) and dropped without waiting for an answer,
/// and the other side is closed with the same code.
/// </summary>
public sealed class WebSocketRelayProtocolErrorTests(ITestOutputHelper output) : RelayTestKit(output)
{
    private static readonly FakePeer Client = new("frames-client", isClient: true);
    private static readonly FakePeer Server = new("frames-server", isClient: false);

    /// <summary>A Close frame from <paramref name="peer"/> with a status written as it is, valid or not.</summary>
    private static byte[] CloseWithCode(FakePeer peer, int code, params byte[] reason)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason.CopyTo(payload, 2);
        return peer.Frame(0x8, payload, fin: true);
    }

    public static TheoryData<string, byte[]> ClientViolations()
    {
        var data = new TheoryData<string, byte[]>
        {
            { "§5.1 unmasked frame from the client", [0x81, 0x02, (byte)'h', (byte)'i'] },
            { "§5.2 RSV1 without an extension", [0xC1, 0x80, 0, 0, 0, 0] },
            { "§5.2 RSV3 without an extension", [0x91, 0x80, 0, 0, 0, 0] },
            { "§5.4 continuation without a start", Client.Frame(0x0, "x"u8.ToArray(), fin: true) },
            { "§5.4 new message inside a fragmented one", [.. Client.Frame(0x1, "a"u8.ToArray(), fin: false), .. Client.Frame(0x2, "b"u8.ToArray(), fin: true)] },
            { "§5.5 fragmented ping", Client.Frame(0x9, [], fin: false) },
            { "§5.5 ping longer than 125 bytes", Client.Frame(0x9, new byte[126], fin: true) },
            { "§5.5.1 Close with a 1-byte payload", Client.Frame(0x8, [0x03], fin: true) },
            // §5.2: "the minimal number of bytes MUST be used to encode the length".
            { "§5.2 16-bit length for 5 bytes", Client.Frame(0x1, "hello"u8.ToArray(), fin: true, lengthBytes: 2) },
            { "§5.2 64-bit length for 0 bytes", Client.Frame(0x2, [], fin: true, lengthBytes: 8) },
            { "§5.2 64-bit length for 200 bytes", Client.Frame(0x2, new byte[200], fin: true, lengthBytes: 8) },
            { "§5.2 16-bit length on a ping", Client.Frame(0x9, [], fin: true, lengthBytes: 2) },
        };
        // §5.2: opcodes 3-7 are reserved for data frames, 0xB-0xF for control frames.
        foreach (var opcode in new byte[] { 0x3, 0x7, 0xB, 0xF })
            data.Add($"§5.2 reserved opcode {opcode:X}", Client.Frame(opcode, [], fin: true));
        // §7.4.1/§7.4.2 and the IANA registry: never on the wire (0-999, 1004-1006, 1015), unassigned (1016-2999), undefined (5000+).
        foreach (var code in new[] { 0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535 })
            data.Add($"§7.4 Close code {code}", CloseWithCode(Client, code));
        return data;
    }

    [Theory]
    [MemberData(nameof(ClientViolations))]
    public async Task ClientBreakingTheProtocol_GetsClose1002_AndTheUpstreamIsClosedWith1002(string what, byte[] frames)
    {
        var (r, relay) = StartRelay();

        r.Client.PushRaw(frames);

        var toClient = await r.Client.NextSentAsync();
        Assert.True((WebSocketMessageType.Close, WebSocketCloseStatus.ProtocolError) == (toClient.Type, toClient.CloseStatus),
            $"{what}: the client got {toClient.Type} {toClient.CloseStatus}");
        var toUpstream = await r.Upstream.NextCloseAsync();
        Assert.Equal(WebSocketCloseStatus.ProtocolError, toUpstream.CloseStatus);
        // The failed side is not waited for (§7.1.7): only the upstream's answer ends the relay.
        await r.Client.Disposal.WaitAsync(RelayTestConfig.Patience);
        r.Upstream.PushClose(WebSocketCloseStatus.ProtocolError, "");
        var result = await r.ResultAsync();
        Assert.Equal((RelayEndReason.ClientProtocolError, WebSocketCloseStatus.ProtocolError), (result.Reason, result.CloseStatus));
        Assert.Equal(WebSocketState.Closed, r.Upstream.State);
        Assert.Equal((0, 0), (r.Client.Violations, r.Upstream.Violations));
        await ExpectTerminatedAsync(relay);
    }

    [Fact]
    public async Task ClientCloseWithAReasonThatIsNotUtf8_GetsClose1007_AndTheUpstreamToo()
    {
        // §5.5.1: a Close reason is UTF-8; §8.1: data that is not is answered with 1007 (§7.4.1).
        var (r, _) = StartRelay();

        r.Client.PushRaw(CloseWithCode(Client, 1000, 0xC3, 0x28));

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, (await r.Client.NextCloseAsync()).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, (await r.Upstream.NextCloseAsync()).CloseStatus);
        r.Upstream.PushClose(WebSocketCloseStatus.InvalidPayloadData, "");
        Assert.Equal((RelayEndReason.ClientProtocolError, WebSocketCloseStatus.InvalidPayloadData),
            ((await r.ResultAsync()).Reason, (await r.ResultAsync()).CloseStatus));
    }

    public static TheoryData<string, byte[]> UpstreamViolations() => new()
    {
        { "§5.1 masked frame from the server", [0x81, 0x82, 1, 2, 3, 4, 0, 0] },
        { "§5.2 reserved opcode", Server.Frame(0x3, [], fin: true) },
        { "§5.4 continuation without a start", Server.Frame(0x0, [], fin: true) },
        { "§7.4.1 Close code 1005 on the wire", CloseWithCode(Server, 1005) },
        { "§5.2 64-bit length for 65535 bytes", Server.Frame(0x2, new byte[ushort.MaxValue], fin: true, lengthBytes: 8) },
    };

    [Theory]
    [MemberData(nameof(UpstreamViolations))]
    public async Task UpstreamBreakingTheProtocol_GetsClose1002_AndTheClientIsClosedWith1002(string what, byte[] frames)
    {
        var (r, _) = StartRelay();

        r.Upstream.PushRaw(frames);

        Assert.True(WebSocketCloseStatus.ProtocolError == (await r.Upstream.NextCloseAsync()).CloseStatus, what);
        var toClient = await r.Client.NextCloseAsync();
        Assert.Equal(WebSocketCloseStatus.ProtocolError, toClient.CloseStatus);
        Assert.StartsWith("upstream protocol error", toClient.CloseDescription);
        await r.Upstream.Disposal.WaitAsync(RelayTestConfig.Patience);
        r.Client.PushClose(WebSocketCloseStatus.ProtocolError, "");
        Assert.Equal(RelayEndReason.UpstreamProtocolError, (await r.ResultAsync()).Reason);
        Assert.Equal((0, 0), (r.Client.Violations, r.Upstream.Violations));
    }

    [Fact]
    public async Task ValidMessageInTheSameReadAsABadFrame_IsDeliveredBeforeTheClose()
    {
        var (r, _) = StartRelay();

        r.Client.PushRaw([.. Client.Frame(0x1, "still delivered"u8.ToArray(), fin: true), 0x83, 0x80, 0, 0, 0, 0]);

        Assert.Equal("still delivered", (await r.Upstream.NextSentAsync()).Text);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, (await r.Upstream.NextSentAsync()).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, (await r.Client.NextSentAsync()).CloseStatus);
        r.Upstream.PushClose(WebSocketCloseStatus.ProtocolError, "");
        Assert.Equal(1, (await r.ResultAsync()).MessagesFromClient);
    }

    [Fact]
    public async Task BadFrameWhileAFrameIsStuckOnItsWayToTheOffender_ItsCloseWaitsForThatSend()
    {
        // One send in flight per socket: the 1002 to the client goes out only after the upstream's frame.
        var (r, relay) = StartRelay();
        r.Client.HoldSends = true;
        r.Upstream.PushText("on its way down");
        await r.Client.WaitForHeldSendAsync();

        r.Client.PushRaw([0x83, 0x80, 0, 0, 0, 0]);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, (await r.Upstream.NextCloseAsync()).CloseStatus);
        await RoundTripAsync(relay);
        Assert.False(r.Client.TryTakeSent(out _));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, (await ReleaseHeldTextThenNextAsync(r.Client, "on its way down")).CloseStatus);
        Assert.Equal((1, 0), (r.Client.MostSendsInFlight, r.Client.Violations));
    }

    [Fact]
    public async Task UpstreamBreakingTheProtocolAfterTheClientsClose_TheClientGets1002AsItsAnswer()
    {
        var (r, _) = StartRelay();
        r.Client.PushClose(WebSocketCloseStatus.NormalClosure, "bye");
        await r.Upstream.NextCloseAsync();

        r.Upstream.PushRaw(Server.Frame(0xB, [], fin: true));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, (await r.Client.NextCloseAsync()).CloseStatus);
        var result = await r.ResultAsync();
        Assert.Equal(RelayEndReason.ClientClosed, result.Reason);
        Assert.True(r.Upstream.IsDisposed);
        Assert.Equal((0, 0), (r.Client.Violations, r.Upstream.Violations));
    }

    [Fact]
    public async Task UpstreamsOwnClose1007_ReachesTheClientAs1007()
    {
        // The upstream failing the connection itself (§7.1.7) is an ordinary Close to pass on, not a lost connection.
        var (r, _) = StartRelay();

        r.Upstream.PushClose(WebSocketCloseStatus.InvalidPayloadData, "invalid UTF-8");

        var toClient = await r.Client.NextCloseAsync();
        Assert.Equal((WebSocketCloseStatus.InvalidPayloadData, "invalid UTF-8"), (toClient.CloseStatus, toClient.CloseDescription));
    }
}
