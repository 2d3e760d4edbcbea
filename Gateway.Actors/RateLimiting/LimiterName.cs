using System.Security.Cryptography;
using System.Text;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The actor name of the limiter for one (policy, client). Client keys are arbitrary text (IPv6 has
/// colons, a zone id has '%', an API key anything), while actor names allow only a few ASCII symbols.
/// Both parts are escaped reversibly, so two keys never share a name; an API key is hashed instead so the
/// secret never appears in an actor path or a log line.
/// </summary>
internal static class LimiterName
{
    // Separators that the escaping below never leaves in a part, so the parts cannot run into each other.
    private const char ClientSeparator = ',';
    private const char HashedSeparator = ';';
    private const char Escape = '~';

    public static string For(string policyId, string clientKey, ClientKeySource source) => source switch
    {
        ClientKeySource.ApiKey => EscapePart(policyId) + HashedSeparator + Hash(clientKey),
        _ => EscapePart(policyId) + ClientSeparator + EscapePart(clientKey),
    };

    /// <summary>Letters, digits and <c>-_.:</c> stay; every other UTF-8 byte becomes <c>~XX</c>.</summary>
    internal static string EscapePart(string part)
    {
        var builder = new StringBuilder(part.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
                builder.Append(c);
            else
                builder.Append(Escape).Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
