using WsLoad;

// WebSocket load for the benchmark harness. Prints one machine-readable "RESULT key=value ..." line
// (or "FAILED reason") so bench/run can parse it without a JSON tool.
//   echo: N connections each sending a small message and waiting for its echo, for T seconds
//   idle: open N connections, print "OPEN ..." once all are up, hold them until stdin closes,
//         SIGTERM/SIGINT, or --hold seconds have passed
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"wsload: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

try
{
    return options.Mode switch
    {
        LoadMode.Echo => await EchoLoad.RunAsync(options),
        LoadMode.Idle => await IdleHold.RunAsync(options),
        _ => 2,
    };
}
catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or HttpRequestException or TimeoutException or OperationCanceledException)
{
    Console.WriteLine($"FAILED {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
