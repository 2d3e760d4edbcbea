using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Forwarding;

/// <summary>
/// Upstream header values with bytes outside ASCII (RFC 9110 §5.5). The rule: obs-text (0x80-0xFF)
/// passes through as the upstream sent it, byte for byte (Latin-1 both ways); a field with a control
/// character is dropped, logged, and the rest of the response still arrives.
/// </summary>
public sealed class ResponseHeaderBytesTests
{
    [Fact]
    public async Task Rfc9110_5_5_ObsText_InAnUpstreamHeader_ReachesTheClientByteForByte()
    {
        await using var raw = new RawHttpUpstream("HTTP/1.1 200 OK\nContent-Length: 2\nX-Latin: caf\u00e9 \u00ff\nX-Plain: kept\n\nok");
        await using var gateway = await TestGateway.StartForAsync(raw.Address);

        var response = await RawHttpClient.GetAsync(gateway, "/up/x");

        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.Body);
        // The raw client reads the head as Latin-1: each char is the byte on the wire.
        Assert.Equal("caf\u00e9 \u00ff", response.Header("X-Latin"));
        Assert.Equal("kept", response.Header("X-Plain"));
    }

    [Fact]
    public async Task Rfc9110_5_5_AControlCharacter_InAnUpstreamHeader_DropsThatFieldOnly_AndIsLogged()
    {
        await using var raw = new RawHttpUpstream("HTTP/1.1 200 OK\nContent-Length: 2\nX-Bad: a\u0001b\nX-Plain: kept\n\nok");
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartForAsync(raw.Address, configure: logs.AttachTo);

        var response = await RawHttpClient.GetAsync(gateway, "/up/x");

        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.Body);
        Assert.Null(response.Header("X-Bad"));
        Assert.Equal("kept", response.Header("X-Plain"));
        Assert.Contains(logs.Lines, l => l.Contains("X-Bad", StringComparison.Ordinal) && l.Contains("dropped", StringComparison.OrdinalIgnoreCase));
    }
}
