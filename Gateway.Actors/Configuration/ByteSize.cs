using System.Globalization;

namespace Gateway.Actors.Configuration;

/// <summary>
/// Parses sizes as the HOCON spec writes them: a whole number with an optional unit, where
/// k/Ki/KiB (and m, g alike) are powers of 1024 and kB/MB/GB are powers of 1000.
/// </summary>
public static class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && char.IsAsciiDigit(trimmed[split])) split++;
        if (split == 0) return false;
        if (!long.TryParse(trimmed.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return false;
        var multiplier = trimmed[split..].Trim() switch
        {
            "" or "B" or "b" or "byte" or "bytes" => 1L,
            "k" or "K" or "Ki" or "KiB" or "kibibytes" => 1L << 10,
            "m" or "M" or "Mi" or "MiB" or "mebibytes" => 1L << 20,
            "g" or "G" or "Gi" or "GiB" or "gibibytes" => 1L << 30,
            "kB" or "kilobytes" => 1_000L,
            "MB" or "megabytes" => 1_000_000L,
            "GB" or "gigabytes" => 1_000_000_000L,
            _ => 0L,
        };
        if (multiplier == 0 || number > long.MaxValue / multiplier) return false;
        bytes = number * multiplier;
        return true;
    }
}
