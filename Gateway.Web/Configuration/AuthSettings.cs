using System.Security.Cryptography;
using System.Text;
using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>A configured API key: its name (what logs and rate limits see) and the SHA-256 of its value (never the value).</summary>
public sealed record ApiKey(string Name, byte[] Hash);

/// <summary>
/// <c>gateway.auth</c>: whether a route needs an API key, the header that carries it, and the keys.
/// A key is written in the file, or named there and read from an environment variable or a file,
/// so secrets can stay out of the repository.
/// </summary>
public sealed record AuthSettings(bool Enabled, string Header, IReadOnlyList<ApiKey> Keys)
{
    public static readonly AuthSettings Default = new(false, "X-API-Key", []);

    private static readonly IReadOnlyCollection<string> Fields = ["enabled", "header", "api-keys"];
    private static readonly IReadOnlyCollection<string> KeyFields = ["name", "key", "key-env", "key-file"];

    public static AuthSettings Create(ConfigReader section)
    {
        section.RejectUnknown(Fields);
        var enabled = section.Flag("enabled", Default.Enabled);
        var header = section.Text("header", Default.Header).Trim();
        if (header.Length == 0 || header.Any(c => c <= ' ' || c >= 127 || c == ':'))
            throw new ConfigException(section.KeyOf("header"), $"'{header}' is not a header name");

        var keys = section.Entries("api-keys").Select(ReadKey).ToList();
        var duplicate = keys.GroupBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException(section.KeyOf("api-keys"), $"the name '{duplicate.Key}' is given to more than one key");
        if (enabled && keys.Count == 0)
            throw new ConfigException(section.KeyOf("api-keys"), "auth is on but no key is configured, so every request would be refused");
        return new AuthSettings(enabled, header, keys);
    }

    private static ApiKey ReadKey(ConfigListEntry entry, int index)
    {
        if (entry.Text is { } plain) return Hashed($"key-{index + 1}", plain, entry.Key);

        var block = entry.Block!;
        block.RejectUnknown(KeyFields);
        var name = block.Text("name").Trim();
        if (name.Length == 0) throw new ConfigException(block.KeyOf("name"), "must not be empty");

        var sources = new[] { "key", "key-env", "key-file" }.Where(block.Has).ToList();
        if (sources.Count != 1)
            throw new ConfigException(entry.Key, "needs exactly one of key, key-env or key-file");
        var value = sources[0] switch
        {
            "key" => block.Text("key"),
            "key-env" => FromEnvironment(block),
            _ => FromFile(block),
        };
        return Hashed(name, value, block.KeyOf(sources[0]));
    }

    private static string FromEnvironment(ConfigReader block)
    {
        var variable = block.Text("key-env");
        return Environment.GetEnvironmentVariable(variable)
            ?? throw new ConfigException(block.KeyOf("key-env"), $"the environment variable '{variable}' is not set");
    }

    private static string FromFile(ConfigReader block)
    {
        var path = block.Text("key-file");
        try
        {
            // A trailing newline is how editors and `echo` end a file; it is not part of the key.
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(block.KeyOf("key-file"), $"cannot read '{path}' ({e.Message})");
        }
    }

    private static ApiKey Hashed(string name, string value, string key)
    {
        if (value.Length == 0) throw new ConfigException(key, "the key must not be empty");
        return new ApiKey(name, SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }
}
