namespace Gateway.Actors.Configuration;

/// <summary>
/// A configuration value that cannot be used. Its message is the one line start-up prints:
/// the full key path, then what is wrong with it.
/// </summary>
public sealed class ConfigException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
