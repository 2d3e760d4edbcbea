using System.Collections.Immutable;
using Gateway.Actors.Caching;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Caching;

/// <summary>
/// A request's fields as a stored variant is picked by (RFC 9111 §4.1, <see cref="VaryValue"/>): read in place when
/// the board is looked at, and copied whole for a lookup that goes to the key's entity.
/// </summary>
public readonly struct RequestVaryFields(IHeaderDictionary headers) : IVaryFields
{
    public string? ValueOf(string name) => VaryValue.Normalize(headers[name]);

    /// <summary>
    /// Every field, normalised and copied (the header dictionary is the connection's, reused): which of them the key's
    /// variants vary on only its entity knows, and a second round trip to ask would cost more than the copy.
    /// </summary>
    public RequestFields Snapshot()
    {
        var fields = ImmutableArray.CreateBuilder<CachedHeader>(headers.Count);
        foreach (var (name, values) in headers)
            if (VaryValue.Normalize(values) is { } value) fields.Add(new CachedHeader(name, value));
        return new RequestFields(fields.DrainToImmutable());
    }
}
