using System.Globalization;
using Akka.Actor;
using Gateway.Actors.RateLimiting;
using RateLimiterThroughput;

// Decisions per second of the rate limiter alone (a shard region in a cluster of one + per-client
// limiter entities, no HTTP), for each algorithm: one warm-up run, then the median of several measured
// runs. A plain Stopwatch harness:
// run it in Release on a quiet machine, e.g. `dotnet run -c Release --project bench/RateLimiterThroughput`.
// `... -- memory [CLIENTS]` measures what each live limiter costs instead (LimiterMemoryRun; bench/run i).
var memoryClients = args is ["memory", ..] ? (args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000) : 0;
if (memoryClients > 0) args = [];
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// The gateway's scheduler, so timers cost here what they cost there.
var system = ActorSystem.Create("bench", Gateway.Actors.Scheduling.DeadlineScheduler.Hocon + "\n" + Gateway.Actors.RateLimiting.LimiterMailbox.Hocon + """

    akka.loglevel = WARNING
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
    akka.cluster.periodic-tasks-initial-delay = 0s
    akka.cluster.sharding.retry-interval = 200ms
    # As in the gateway (GatewayActors): limiters passivate themselves, sharding's own idle timer is off.
    akka.cluster.sharding.passivate-idle-entity-after = off
    """);
var cluster = Akka.Cluster.Cluster.Get(system);
var up = new TaskCompletionSource();
cluster.RegisterOnMemberUp(() => up.TrySetResult());
cluster.Join(cluster.SelfAddress);
await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
try
{
    if (memoryClients > 0)
    {
        await LimiterMemoryRun.RunAsync(system, memoryClients);
        return 0;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {options.Tasks} concurrent askers, {options.Clients} clients, {options.Decisions} decisions per run, " +
        $"policy {options.Requests} per {options.Window.TotalSeconds}s, {options.Runs} runs after 1 warm-up"));

    var run = 0;
    foreach (var algorithm in new[] { RateLimitAlgorithm.SlidingLog, RateLimitAlgorithm.TokenBucket })
    {
        var policy = RateLimiter.Settings.Default with
        {
            Requests = options.Requests,
            Window = options.Window,
            Algorithm = algorithm,
            IdleTimeout = RateLimiter.Settings.DefaultIdleTimeout(options.Window),
        };

        await ThroughputRun.MeasureAsync(system, policy, options, $"warm-up-{run++}");
        var results = new List<ThroughputRun.Result>();
        for (var i = 0; i < options.Runs; i++)
        {
            var result = await ThroughputRun.MeasureAsync(system, policy, options, $"run-{run++}");
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {algorithm,-12} run {i + 1}: {result.DecisionsPerSecond,10:N0} decisions/s ({result.Elapsed.TotalMilliseconds:N0} ms, {result.AdmittedFraction:P0} admitted)"));
        }

        var sorted = results.Select(r => r.DecisionsPerSecond).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{algorithm}: median {median:N0} decisions/s"));
    }
    return 0;
}
finally
{
    await system.Terminate();
}
