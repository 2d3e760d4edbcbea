using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>Reads a path the gateway serves itself (metrics, status page): absolute, plain, no trailing slash.</summary>
public static class GatewayPath
{
    public static string Read(string text, string key)
    {
        if (!text.StartsWith('/') || text == "/")
            throw new ConfigException(key, $"'{text}' must be a path below '/' (e.g. /metrics)");
        if (text.IndexOfAny(['?', '#', '\\', ' ', '{', '}', '*']) >= 0)
            throw new ConfigException(key, $"'{text}' must be a plain path (no '?', '#', '\\', '{{', '}}', '*' or spaces)");
        if (text.Split('/').Any(segment => segment is "." or ".."))
            throw new ConfigException(key, $"'{text}' must not contain dot segments");
        return text.TrimEnd('/');
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it (segment boundary, any case).</summary>
    public static bool IsAtOrBelow(string path, string root) =>
        path.StartsWith(root, StringComparison.OrdinalIgnoreCase) && (path.Length == root.Length || path[root.Length] == '/');
}
