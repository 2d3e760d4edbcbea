using Gateway.Web.Configuration;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Auth;

/// <summary>
/// The key last verified on an HTTP/1.x keep-alive connection, so the same key sent again on it costs a
/// comparison instead of a SHA-256 (about 4% of the gateway's CPU under load, docs/benchmarks.md). The
/// comparison takes the same time whatever is presented: a connection a proxy shares between clients must
/// not tell one client how close its guess came to another's key. A memo belongs to the key set it was
/// verified against; a reload that changes the keys makes it stale.
/// </summary>
internal sealed record ConnectionKeyMemo(IReadOnlyList<ApiKey> KeySet, string Presented, ApiKey Key)
{
    private static readonly object ItemKey = new();

    /// <summary>The remembered key when <paramref name="presented"/> is the one verified last on this connection.</summary>
    public static ApiKey? Recall(HttpContext context, IReadOnlyList<ApiKey> keys, string presented) =>
        Items(context) is { } items
        && items.TryGetValue(ItemKey, out var value)
        && value is ConnectionKeyMemo memo
        && ReferenceEquals(memo.KeySet, keys)
        && SameInConstantTime(memo.Presented, presented)
            ? memo.Key
            : null;

    public static void Remember(HttpContext context, IReadOnlyList<ApiKey> keys, string presented, ApiKey key)
    {
        if (Items(context) is { } items) items[ItemKey] = new ConnectionKeyMemo(keys, presented, key);
    }

    /// <summary>
    /// Only HTTP/1.x: its requests on a connection come one after another, so the connection's items are
    /// never written by two at once. HTTP/2 streams run side by side and hash every time.
    /// </summary>
    private static IDictionary<object, object?>? Items(HttpContext context) =>
        HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)
            ? context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;

    /// <summary>
    /// Walks all of <paramref name="remembered"/> whatever <paramref name="presented"/> holds: no exit at the
    /// first difference and none on a different length, which is folded into the result instead.
    /// </summary>
    private static bool SameInConstantTime(string remembered, string presented)
    {
        var difference = remembered.Length ^ presented.Length;
        for (var i = 0; i < remembered.Length; i++)
        {
            var other = i < presented.Length ? presented[i] : 0;
            difference |= remembered[i] ^ other;
        }
        return difference == 0;
    }
}
