using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Forwarding;

/// <summary>
/// The connection-specific fields that a proxy must not pass on (RFC 9110 §7.6.1), in one place for
/// both directions, plus every field the message's own <c>Connection</c> header names.
/// </summary>
public static class HopByHopHeaders
{
    private static readonly HashSet<string> Always = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Transfer-Encoding", "Upgrade",
        "Proxy-Authorization", "Proxy-Authenticate", "Trailer",
    };

    /// <summary>The set to drop for one message: the fixed list plus the names its Connection header lists.</summary>
    public static IReadOnlySet<string> For(StringValues connectionHeader)
    {
        if (StringValues.IsNullOrEmpty(connectionHeader)) return Always;
        var set = new HashSet<string>(Always, StringComparer.OrdinalIgnoreCase);
        foreach (var value in connectionHeader)
        {
            if (value is null) continue;
            foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                set.Add(name);
        }
        return set;
    }

    /// <summary>The set to drop from a client's request: named by its Connection values as it sent them.</summary>
    public static IReadOnlySet<string> For(Microsoft.AspNetCore.Http.HttpContext client) => For(ClientConnectionHeader.Of(client));

    public static IReadOnlySet<string> For(IEnumerable<string> connectionValues) => For(new StringValues(connectionValues.ToArray()));
}
