using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Web.Caching;

/// <summary>
/// A request's fields as a stored variant is picked by (RFC 9111 §4.1, <see cref="VaryValue"/>): read in place when
/// the board is looked at, and copied whole for a lookup that goes to the key's entity.
/// </summary>
/// <remarks>
/// Credentials (<c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Cookie</c>) are given as a SHA-256 digest of
/// their normalised value, on every path alike (board, lookup, the variant a fill stores): a variant is picked by
/// equality only, so the digest picks the same one, and a lookup that crosses to another node never carries them.
/// </remarks>
public readonly struct RequestVaryFields(IHeaderDictionary headers) : IVaryFields
{
    public string? ValueOf(string name) => Protected(name, VaryValue.Normalize(headers[name]));

    /// <summary>
    /// Every field, normalised and copied (the header dictionary is the connection's, reused): which of them the key's
    /// variants vary on only its entity knows, and a second round trip to ask would cost more than the copy.
    /// </summary>
    public RequestFields Snapshot()
    {
        var fields = ImmutableArray.CreateBuilder<CachedHeader>(headers.Count);
        foreach (var (name, values) in headers)
            if (Protected(name, VaryValue.Normalize(values)) is { } value) fields.Add(new CachedHeader(name, value));
        return new RequestFields(fields.DrainToImmutable());
    }

    private static string? Protected(string name, string? value) =>
        value is not null && IsCredential(name) ? "sha256:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value))) : value;

    private static bool IsCredential(string name) =>
        name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ProxyAuthorization, StringComparison.OrdinalIgnoreCase);
}
