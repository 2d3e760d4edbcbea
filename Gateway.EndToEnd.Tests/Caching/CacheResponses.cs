namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>Reading the cache's headers off a response.</summary>
public static class CacheResponses
{
    public static string? XCache(this HttpResponseMessage response) => response.Header("X-Cache");

    public static string? CacheStatus(this HttpResponseMessage response) => response.Header("Cache-Status");

    public static string? Serial(this HttpResponseMessage response) => response.Header("X-Serial");

    /// <summary>The Age header in whole seconds, or null.</summary>
    public static long? AgeSeconds(this HttpResponseMessage response) =>
        response.Header("Age") is { } age ? long.Parse(age, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The <c>ttl</c> parameter of the gateway's Cache-Status member, or null.</summary>
    public static long? CacheStatusTtl(this HttpResponseMessage response)
    {
        var member = response.CacheStatus() ?? "";
        foreach (var parameter in member.Split(';', StringSplitOptions.TrimEntries))
            if (parameter.StartsWith("ttl=", StringComparison.Ordinal)) return long.Parse(parameter[4..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>All values of a response or content header, joined; null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
