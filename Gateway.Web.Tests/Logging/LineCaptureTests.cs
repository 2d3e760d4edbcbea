using System.Text;
using Gateway.Web.Logging;

namespace Gateway.Web.Tests.Logging;

public sealed class LineCaptureTests
{
    private static string? Take(LineCapture capture)
    {
        if (capture.TakeLine() is not { } line) return null;
        var text = Encoding.UTF8.GetString(line.Bytes);
        line.Return();
        return text;
    }

    [Fact]
    public void AnEntry_ComesOutAsUtf8_EndingInExactlyOneNewline()
    {
        var capture = new LineCapture();

        capture.Write("{\"Message\":\"grüße ✓ 😀\"}".ToCharArray(), 0, 24);
        capture.Write(Environment.NewLine);

        Assert.Equal("{\"Message\":\"grüße ✓ 😀\"}\n", Take(capture));
        Assert.Null(Take(capture));
    }

    [Fact]
    public void AnEntryWrittenInPieces_IsJoined_KeepingInnerNewlines()
    {
        var capture = new LineCapture();

        capture.Write("2026-11-26T10:00:00.000Z ");
        capture.Write('i');
        capture.Write("nfo: ".AsSpan());
        capture.Write("first line\r\n");
        capture.Write("   at Somewhere()");
        capture.Write("\r\n");

        Assert.Equal("2026-11-26T10:00:00.000Z info: first line\r\n   at Somewhere()\n", Take(capture));
    }

    [Fact]
    public void EntriesFollowingEachOther_DoNotBleedIntoOneAnother_EvenAfterAHugeOne()
    {
        var capture = new LineCapture();
        capture.Write(new string('x', 100_000));
        Assert.Equal(100_001, Take(capture)!.Length);

        capture.Write("second");

        Assert.Equal("second\n", Take(capture));
    }
}
