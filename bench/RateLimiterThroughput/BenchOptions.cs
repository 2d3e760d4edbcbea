using System.Globalization;

namespace RateLimiterThroughput;

/// <summary>The knobs of one benchmark invocation, from <c>--name value</c> pairs.</summary>
internal sealed record BenchOptions(int Tasks, int Clients, int Decisions, int Runs, int Requests, TimeSpan Window)
{
    public static readonly BenchOptions Default = new(
        Tasks: 64, Clients: 1_000, Decisions: 200_000, Runs: 5, Requests: 100, Window: TimeSpan.FromSeconds(60));

    public const string Usage =
        "usage: RateLimiterThroughput [--tasks 64] [--clients 1000] [--decisions 200000] [--runs 5] [--requests 100] [--window-seconds 60]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count) throw new ArgumentException($"{args[i]} needs a value");
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (value < 1) throw new ArgumentException($"{args[i]} must be at least 1");
            options = args[i] switch
            {
                "--tasks" => options with { Tasks = value },
                "--clients" => options with { Clients = value },
                "--decisions" => options with { Decisions = value },
                "--runs" => options with { Runs = value },
                "--requests" => options with { Requests = value },
                "--window-seconds" => options with { Window = TimeSpan.FromSeconds(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
