namespace Gateway.Actors;

/// <summary>
/// A bucket for a key that every node computes alike (not <see cref="string.GetHashCode()"/>, which
/// differs per process): FNV-1a over the UTF-16 code units, enough for short entity ids.
/// </summary>
internal static class StableHash
{
    public static string Bucket(string key, int buckets)
    {
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return (hash % (uint)buckets).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
