using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.EndToEnd.Tests.Operations.Support;

/// <summary>One sample of a Prometheus text exposition: <c>name{label="value",...} 12.5</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads what <c>/metrics</c> returns, enough to find a series by name and labels.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(ParseLine)
            .ToList();

    /// <summary>The value of the one series with this name whose labels include all of <paramref name="labels"/>, or null.</summary>
    public static double? Value(this IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matches = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].Value,
            _ => throw new Xunit.Sdk.XunitException($"{matches.Count} series of {name} match; add labels"),
        };
    }

    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client, Uri metrics)
    {
        using var response = await client.GetAsync(metrics);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    private static PrometheusSample ParseLine(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success) throw new Xunit.Sdk.XunitException($"not a Prometheus sample: {line}");
        var labels = Label().Matches(match.Groups["labels"].Value)
            .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value));
        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var number => double.Parse(number, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(match.Groups["name"].Value, labels, value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();
}
