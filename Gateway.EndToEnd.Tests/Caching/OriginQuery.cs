namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>The query that tells a <see cref="CacheOrigin"/> what to answer, escaped.</summary>
public static class OriginQuery
{
    public static string Of(params string[] parts) => string.Join('&', parts);

    /// <summary>One <c>Cache-Control</c> line.</summary>
    public static string CacheControl(string value) => "cc=" + Uri.EscapeDataString(value);

    /// <summary>One line of any field, e.g. <c>CDN-Cache-Control</c>, <c>Date</c>, <c>Location</c>.</summary>
    public static string Field(string name, string value) => "header=" + Uri.EscapeDataString($"{name}: {value}");

    public static string Expires(string value) => "expires=" + Uri.EscapeDataString(value);

    public static string Age(string value) => "age=" + Uri.EscapeDataString(value);
}
