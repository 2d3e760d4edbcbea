using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Forwarding;

/// <summary>
/// Builds the upstream request URI: the upstream's base path, then the request path (prefix stripped
/// or not), then the query string exactly as the client sent it.
/// </summary>
public static class UpstreamAddress
{
    /// <summary>The answer to a path that <see cref="Build"/> refuses.</summary>
    public static readonly Refusal BadPath =
        new(StatusCodes.Status400BadRequest, "Bad path", "The path must not contain '.' or '..' segments.") { NotForwarded = true };

    /// <summary>
    /// Null when the downstream path could climb out of the upstream's base path: a "." or ".." segment
    /// once decoded (Kestrel already resolves literal ones, but "%2E%2E%2F" style encodings survive it
    /// and an upstream that decodes them would walk up).
    /// </summary>
    public static Uri? Build(Uri upstream, string downstreamPath, QueryString query)
    {
        if (ClimbsOut(downstreamPath)) return null;

        // The route's own root is the upstream's base path as written ("/api" or "/api/"; "/" when there is none).
        var path = downstreamPath.Length == 0
            ? upstream.AbsolutePath
            // PathString re-encodes what Kestrel decoded (keeping "%2F" as it came), so the path is a valid URI path.
            : upstream.AbsolutePath.TrimEnd('/') + new PathString(downstreamPath).ToUriComponent();
        var target = string.Concat(upstream.GetLeftPart(UriPartial.Authority), path, query.Value);
        return new Uri(target, UriKind.Absolute);
    }

    private static bool ClimbsOut(string path)
    {
        // Neither an encoded character nor a dot: no segment can decode to "." or "..". Most paths, no allocation.
        if (path.AsSpan().IndexOfAny('%', '.') < 0) return false;
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) continue;
            var decoded = Uri.UnescapeDataString(segment);
            foreach (var piece in decoded.Split('/', '\\'))
            {
                if (piece is "." or "..") return true;
            }
        }
        return false;
    }
}
