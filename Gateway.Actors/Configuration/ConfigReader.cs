using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Gateway.Actors.Configuration;

/// <summary>
/// Typed, validating reads of one HOCON section. Every failure is a <see cref="ConfigException"/>
/// naming the full key path, so a broken file stops start-up with one line a user can act on.
/// </summary>
public sealed class ConfigReader
{
    private readonly Config _config;

    public ConfigReader(Config config, string path)
    {
        _config = config;
        Path = path;
    }

    /// <summary>The full key path of this section, e.g. <c>gateway.routes.service-a</c>.</summary>
    public string Path { get; }

    public string KeyOf(string name) => $"{Path}.{name}";

    public bool Has(string name) => _config.HasPath(Quote(name));

    public IReadOnlyList<string> Keys()
    {
        var root = _config.Root;
        return root.IsObject() ? root.GetObject().Items.Keys.ToList() : [];
    }

    /// <summary>A child section; an absent one reads as empty so callers fall back to defaults.</summary>
    public ConfigReader Section(string name)
    {
        if (!Has(name)) return new ConfigReader(Config.Empty, KeyOf(name));
        var value = _config.GetValue(Quote(name));
        if (!value.IsObject()) throw new ConfigException(KeyOf(name), "must be a block { ... }");
        return new ConfigReader(_config.GetConfig(Quote(name)), KeyOf(name));
    }

    /// <summary>This section laid over <paramref name="fallback"/>: its keys win, the rest fall back.</summary>
    public ConfigReader Over(ConfigReader fallback) =>
        new(_config.WithFallback(fallback._config), Path);

    public void RejectUnknown(IReadOnlyCollection<string> known)
    {
        foreach (var key in Keys())
        {
            if (!known.Contains(key))
                throw new ConfigException(KeyOf(key), $"unknown field (known: {string.Join(", ", known)})");
        }
    }

    public string Text(string name, string? fallback = null)
    {
        if (!Has(name))
            return fallback ?? throw new ConfigException(KeyOf(name), "is required");
        var value = Scalar(name);
        return value.GetString();
    }

    public bool Flag(string name, bool fallback)
    {
        if (!Has(name)) return fallback;
        var text = Scalar(name).GetString().Trim().ToLowerInvariant();
        return text switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ConfigException(KeyOf(name), $"'{text}' is not a switch (use on or off)"),
        };
    }

    public long Number(string name, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!Has(name)) return fallback;
        var text = Scalar(name).GetString().Trim();
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            throw new ConfigException(KeyOf(name), $"'{text}' is not a whole number");
        if (value < min) throw new ConfigException(KeyOf(name), $"must be at least {min}, got {value}");
        if (value > max) throw new ConfigException(KeyOf(name), $"must be at most {max}, got {value}");
        return value;
    }

    public int Count(string name, int fallback, int min = 0) => (int)Number(name, fallback, min, int.MaxValue);

    /// <summary>A size such as <c>64m</c>, <c>1MiB</c> or <c>1048576</c>, in bytes.</summary>
    public long Bytes(string name, long fallback, long min = 0)
    {
        if (!Has(name)) return fallback;
        var text = Scalar(name).GetString().Trim();
        if (!ByteSize.TryParse(text, out var value))
            throw new ConfigException(KeyOf(name), $"'{text}' is not a size (e.g. 1048576, 512k, 64m, 1g)");
        if (value < min) throw new ConfigException(KeyOf(name), $"must be at least {min} bytes, got {text}");
        return value;
    }

    /// <summary>A duration such as <c>30s</c> or <c>250ms</c>; never negative, zero only where allowed.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback, bool allowZero = false)
    {
        if (!Has(name)) return fallback;
        var text = Scalar(name).GetString().Trim();
        // Akka's parser has no negative durations; say what is wrong rather than "not a duration".
        if (text.StartsWith('-')) throw new ConfigException(KeyOf(name), $"must not be negative, got {text}");
        TimeSpan value;
        try
        {
            value = _config.GetTimeSpan(Quote(name), null, allowInfinite: false);
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new ConfigException(KeyOf(name), $"'{text}' is not a duration (e.g. 250ms, 30s, 5m)");
        }
        if (value < TimeSpan.Zero) throw new ConfigException(KeyOf(name), $"must not be negative, got {text}");
        if (value == TimeSpan.Zero && !allowZero) throw new ConfigException(KeyOf(name), "must be greater than zero");
        return value;
    }

    public IReadOnlyList<string> Texts(string name)
    {
        if (!Has(name)) return [];
        var value = _config.GetValue(Quote(name));
        if (value.IsObject() || value.IsString()) throw new ConfigException(KeyOf(name), "must be a list [ ... ]");
        // Akka's HOCON does not call an empty list an array.
        if (!value.IsArray()) return [];
        return value.GetArray().Select((item, i) =>
        {
            if (!item.IsString()) throw new ConfigException($"{KeyOf(name)}[{i}]", "must be a string");
            return item.GetString();
        }).ToList();
    }

    /// <summary>A list whose entries may be plain strings or blocks; each block is read with its index in its key path.</summary>
    public IReadOnlyList<ConfigListEntry> Entries(string name)
    {
        if (!Has(name)) return [];
        var value = _config.GetValue(Quote(name));
        if (value.IsObject() || value.IsString()) throw new ConfigException(KeyOf(name), "must be a list [ ... ]");
        if (!value.IsArray()) return [];
        return value.GetArray().Select((item, i) =>
        {
            var key = $"{KeyOf(name)}[{i}]";
            if (item.IsString()) return new ConfigListEntry(key, item.GetString(), null);
            if (item.IsObject()) return new ConfigListEntry(key, null, new ConfigReader(new Config(new HoconRoot(item)), key));
            throw new ConfigException(key, "must be a string or a block { ... }");
        }).ToList();
    }

    private HoconValue Scalar(string name)
    {
        var value = _config.GetValue(Quote(name));
        if (value is null || !value.IsString())
            throw new ConfigException(KeyOf(name), "must be a single value, not a block or a list");
        return value;
    }

    // Route ids and other names may contain dots or dashes; quoting keeps them one path element.
    private static string Quote(string name) => name.Contains('.') ? $"\"{name}\"" : name;
}

/// <summary>One entry of a list read by <see cref="ConfigReader.Entries"/>: either a string or a block.</summary>
public sealed record ConfigListEntry(string Key, string? Text, ConfigReader? Block);
