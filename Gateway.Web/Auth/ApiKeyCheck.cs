using System.Security.Cryptography;
using System.Text;
using Gateway.Web.Configuration;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Auth;

/// <summary>
/// Checks the API key of a request on a route that needs one. Keys are compared as SHA-256 hashes
/// (fixed length) with a constant-time comparison against every configured key, so neither the
/// length nor the value of a key leaks through timing. The key header never goes downstream.
/// </summary>
public static class ApiKeyCheck
{
    /// <summary>Null when the request may go on; otherwise the 401 to answer.</summary>
    public static Refusal? Check(HttpContext context, AuthSettings auth)
    {
        if (!auth.Enabled) return null;

        var presented = context.Request.Headers[auth.Header];
        // The key is the gateway's business only, whatever the outcome.
        context.Request.Headers.Remove(auth.Header);

        var match = presented.Count == 1 ? Verify(context, auth.Keys, presented.ToString()) : null;
        if (match is null)
        {
            var detail = presented.Count == 0 ? $"This route needs an API key in the '{auth.Header}' header." : "The API key is not valid.";
            return new Refusal(StatusCodes.Status401Unauthorized, "Unauthorized", detail)
                .With("WWW-Authenticate", $"ApiKey header=\"{auth.Header}\"");
        }

        RequestOutcome.Of(context).ApiKeyName = match.Name;
        return null;
    }

    private static ApiKey? Verify(HttpContext context, IReadOnlyList<ApiKey> keys, string presented)
    {
        if (ConnectionKeyMemo.Recall(context, keys, presented) is { } remembered) return remembered;
        var match = Find(keys, presented);
        if (match is not null) ConnectionKeyMemo.Remember(context, keys, presented, match);
        return match;
    }

    public static ApiKey? Find(IReadOnlyList<ApiKey> keys, string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKey? match = null;
        // Every key is compared, match or not: the time taken says nothing about which key matched.
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key.Hash, hash)) match ??= key;
        }
        return match;
    }
}
