using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Forwarding;

/// <summary>
/// How an upstream's header values reach the client. RFC 9110 §5.5 allows obs-text (bytes 0x80-0xFF)
/// in a field value and gives it no charset, so a proxy treats it as opaque: the upstream handler
/// reads each value byte as one Latin-1 char and Kestrel writes each char back as that byte, so the
/// client gets exactly the upstream's bytes. A value Kestrel refuses to write (a control character
/// other than tab) is a field no recipient may trust: the field is dropped, logged, and the rest of
/// the response goes on. Nothing here may throw into the request: that was an unhandled 500.
/// </summary>
public static partial class ClientResponseFields
{
    /// <summary>Kestrel writes response values as Latin-1 (ASCII is unchanged; one byte per char up to 0xFF).</summary>
    public static void WriteAsLatin1(KestrelServerOptions kestrel) => kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;

    /// <summary>The upstream handler reads response values as Latin-1: each byte one char, nothing lost or replaced.</summary>
    public static void ReadAsLatin1(SocketsHttpHandler handler) => handler.ResponseHeaderEncodingSelector = (_, _) => Encoding.Latin1;

    /// <summary>Sets the field (or appends to it), unless Kestrel will not write its value: then it is dropped and logged.</summary>
    public static void Copy(HttpResponse client, string name, StringValues values, ILogger logger, bool append = false)
    {
        try
        {
            if (append) client.Headers.Append(name, values);
            else client.Headers[name] = values;
        }
        // Kestrel's check of the value's characters; the response itself is still fine.
        catch (InvalidOperationException e)
        {
            LogDropped(logger, name, e.Message);
        }
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Upstream response field {Field} dropped: its value cannot be sent on ({Error})")]
    private static partial void LogDropped(ILogger logger, string field, string error);
}
