using System.Globalization;

namespace WsLoad;

public enum LoadMode { Echo, Idle }

/// <summary>The command line, read once and checked, with defaults that suit a short benchmark run.</summary>
public sealed record LoadOptions(
    LoadMode Mode,
    Uri Url,
    int Connections,
    TimeSpan Duration,
    TimeSpan Warmup,
    int MessageBytes,
    TimeSpan Hold,
    TimeSpan ConnectTimeout,
    int ConnectParallelism,
    (string Name, string Value)? Header)
{
    public const string Usage =
        "usage: WsLoad echo --url ws://127.0.0.1:PORT/ws [--connections 32] [--duration 10] [--warmup 1] [--message-bytes 32] [--header 'Name: value']\n" +
        "       WsLoad idle --url ws://127.0.0.1:PORT/ws [--connections 10000] [--hold 600] [--connect-timeout 120] [--parallel 64] [--header 'Name: value']";

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) throw new ArgumentException("a mode is required (echo or idle)");
        var mode = args[0] switch
        {
            "echo" => LoadMode.Echo,
            "idle" => LoadMode.Idle,
            _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
        };

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }

        var known = new HashSet<string> { "url", "connections", "duration", "warmup", "message-bytes", "hold", "connect-timeout", "parallel", "header" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown) throw new ArgumentException($"unknown option --{unknown}");

        if (!values.TryGetValue("url", out var urlText) || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
            throw new ArgumentException("--url must be an absolute ws:// or wss:// URL");

        return new LoadOptions(
            mode,
            url,
            Int(values, "connections", mode == LoadMode.Echo ? 32 : 10_000, min: 1),
            Seconds(values, "duration", 10),
            Seconds(values, "warmup", 1),
            Int(values, "message-bytes", 32, min: 1),
            Seconds(values, "hold", 600),
            Seconds(values, "connect-timeout", 120),
            Int(values, "parallel", 64, min: 1),
            values.TryGetValue("header", out var header) ? ParseHeader(header) : null);
    }

    /// <summary>A request header for every handshake ("X-API-Key: ..."), so a gateway with auth on admits the load.</summary>
    private static (string, string) ParseHeader(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) throw new ArgumentException("--header must look like 'Name: value'");
        return (text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min)
    {
        if (!values.TryGetValue(name, out var text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ArgumentException($"--{name} must be an integer >= {min}, got '{text}'");
        return value;
    }

    private static TimeSpan Seconds(Dictionary<string, string> values, string name, double fallback)
    {
        if (!values.TryGetValue(name, out var text)) return TimeSpan.FromSeconds(fallback);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new ArgumentException($"--{name} must be a number of seconds >= 0, got '{text}'");
        return TimeSpan.FromSeconds(value);
    }
}
