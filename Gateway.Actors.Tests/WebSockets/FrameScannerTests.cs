using System.Net.WebSockets;
using Gateway.Actors.WebSockets;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>The scanner that follows a side's frames so they can be passed on as they are.</summary>
public sealed class FrameScannerTests
{
    private static readonly FakePeer Client = new("scanner-client", isClient: true);
    private static readonly FakePeer Server = new("scanner-server", isClient: false);

    private static (byte[] Output, ScanResult Result) Scan(FrameScanner scanner, byte[] chunk)
    {
        var output = new byte[chunk.Length + WebSocketFrames.MaxHeaderBytes];
        var result = scanner.Scan(chunk, output);
        return (output[..result.Length], result);
    }

    [Fact]
    public void WholeFrames_PassUnchanged_CountingMessagesAndPayload()
    {
        var bytes = Client.Frame(0x1, "hello"u8.ToArray(), fin: true)
            .Concat(Client.Frame(0x2, new byte[300], fin: false))
            .Concat(Client.Frame(0x0, new byte[70_000], fin: true)).ToArray();

        var (output, result) = Scan(new FrameScanner(expectMasked: true, 1 << 20), bytes);

        Assert.Equal(bytes, output);
        Assert.Equal((2, 70_305L, true, (ScanEnd?)null), (result.Messages, result.PayloadBytes, result.AtFrameBoundary, result.End));
    }

    [Fact]
    public void HeaderSplitAcrossReads_IsHeldBackUntilWhole_ThenPassedWithItsFrame()
    {
        var frame = Server.Frame(0x2, new byte[200], fin: true); // 4-byte header: 126 and a 16-bit length
        var scanner = new FrameScanner(expectMasked: false, 1 << 20);

        var (first, firstResult) = Scan(scanner, frame[..3]);
        var (second, secondResult) = Scan(scanner, frame[3..100]);
        var (third, thirdResult) = Scan(scanner, frame[100..]);

        Assert.Empty(first);
        Assert.True(firstResult.AtFrameBoundary);
        Assert.Equal(frame[..100], second);
        Assert.False(secondResult.AtFrameBoundary);
        Assert.Equal(frame[100..], third);
        Assert.Equal((0, 1), (secondResult.Messages, thirdResult.Messages));
    }

    [Fact]
    public void MessageOverTheLimit_IsCaughtOnTheHeader_AndNothingOfItOrAfterItPasses()
    {
        var scanner = new FrameScanner(expectMasked: true, maxMessageBytes: 1000);
        var bytes = Client.Frame(0x1, new byte[600], fin: false)
            .Concat(Client.Frame(0x0, new byte[600], fin: true))
            .Concat(Client.Frame(0x1, "later"u8.ToArray(), fin: true)).ToArray();

        var (output, result) = Scan(scanner, bytes);

        Assert.Equal(Client.Frame(0x1, new byte[600], fin: false).Length, output.Length);
        Assert.True(result.TooBig);
        Assert.Equal(0, result.Messages);
        Assert.Null(result.End);
    }

    [Fact]
    public void SkippedAfterTheLimit_TheSidesCloseIsStillFound()
    {
        var scanner = new FrameScanner(expectMasked: false, maxMessageBytes: 10);
        Scan(scanner, Server.Frame(0x2, new byte[50], fin: true));

        var (output, result) = Scan(scanner, Server.Frame(0x8, [0x03, 0xE8], fin: true));

        Assert.Empty(output);
        Assert.Equal(new ScanEnd.Closed(WebSocketCloseStatus.NormalClosure, null), result.End);
    }

    [Fact]
    public void MaskedClose_IsTakenOut_AndDecoded_AfterTheFramesBeforeIt()
    {
        var text = Client.Frame(0x1, "last words"u8.ToArray(), fin: true);
        var close = Client.Frame(0x8, [0x0F, 0xA1, .. "session expired"u8.ToArray()], fin: true);

        var (output, result) = Scan(new FrameScanner(expectMasked: true, 1 << 20), [.. text, .. close, 0x81]);

        Assert.Equal(text, output);
        Assert.Equal(new ScanEnd.Closed((WebSocketCloseStatus)4001, "session expired"), result.End);
    }

    public static TheoryData<string, byte[], WebSocketCloseStatus> BadCloses => new()
    {
        { "§7.4.1 reserved status 1005", [0x03, 0xED], WebSocketCloseStatus.ProtocolError },
        { "§7.4.1 TLS status 1015", [0x03, 0xF7], WebSocketCloseStatus.ProtocolError },
        { "§7.4.2 status below 1000", [0x03, 0xE7], WebSocketCloseStatus.ProtocolError },
        { "§5.5.1 a 1-byte payload", [0x03], WebSocketCloseStatus.ProtocolError },
        { "§8.1 description not UTF-8", [0x03, 0xE8, 0xC3, 0x28], WebSocketCloseStatus.InvalidPayloadData },
    };

    [Theory]
    [MemberData(nameof(BadCloses))]
    public void InvalidClosePayload_IsAProtocolError_WithTheStatusToFailWith(string what, byte[] payload, WebSocketCloseStatus failWith)
    {
        var (_, result) = Scan(new FrameScanner(expectMasked: false, 1 << 20), Server.Frame(0x8, payload, fin: true));

        Assert.True(result.End is ScanEnd.ProtocolError error && error.Status == failWith, $"{what}: {result.End}");
    }

    [Fact]
    public void NewMessageBeforeTheLastEnded_IsAProtocolError()
    {
        var bytes = Server.Frame(0x1, "a"u8.ToArray(), fin: false).Concat(Server.Frame(0x1, "b"u8.ToArray(), fin: true)).ToArray();

        var (output, result) = Scan(new FrameScanner(expectMasked: false, 1 << 20), bytes);

        Assert.Equal(Server.Frame(0x1, "a"u8.ToArray(), fin: false), output);
        Assert.IsType<ScanEnd.ProtocolError>(result.End);
    }

    [Fact]
    public void LengthWithTheTopBitSet_IsAProtocolError()
    {
        byte[] header = [0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1];

        var (output, result) = Scan(new FrameScanner(expectMasked: false, long.MaxValue), header);

        Assert.Empty(output);
        Assert.IsType<ScanEnd.ProtocolError>(result.End);
    }
}
