using Gateway.Web.Logging;

namespace Gateway.EndToEnd.Tests.Logging;

public sealed class LineCaptureTests
{
    [Fact]
    public void AnEntryWrittenAsOneStringAndANewline_IsTakenAsThatString()
    {
        var capture = new LineCapture();
        const string json = "{\"EventId\":1000,\"Message\":\"GET / 200\"}";

        capture.Write(json);
        capture.Write(Environment.NewLine);

        Assert.Equal(json, capture.TakeLine());
        Assert.Null(capture.TakeLine());
    }

    [Fact]
    public void AnEntryWrittenInPieces_IsJoined_WithOnlyItsFinalNewlineDropped()
    {
        var capture = new LineCapture();

        capture.Write("2026-11-26T10:00:00.000Z ");
        capture.Write("\n");
        capture.Write('i');
        capture.Write("nfo: ".AsSpan());
        capture.Write("Gateway[1000] GET / 200".ToCharArray(), 0, 23);
        capture.Write("\n");

        Assert.Equal("2026-11-26T10:00:00.000Z \ninfo: Gateway[1000] GET / 200", capture.TakeLine());
    }

    [Fact]
    public void EntriesFollowingEachOther_DoNotBleedIntoOneAnother()
    {
        var capture = new LineCapture();
        capture.Write("first piece");
        capture.Write(" and more");
        Assert.Equal("first piece and more", capture.TakeLine());

        capture.Write("second");
        capture.Write("\r\n");

        Assert.Equal("second", capture.TakeLine());
    }
}
