using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Operations.Browser;

/// <summary>
/// Debian's Chromium in headless mode, driven over the Chrome DevTools Protocol with a plain
/// ClientWebSocket: navigate, evaluate JavaScript in the page, take a screenshot. No Node, no
/// browser download; the browser only ever talks to loopback.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        File.Exists(ExecutablePath) ? null : $"{ExecutablePath} is not installed (CI installs Debian's chromium in .ci/run: apt-get install -y chromium)";

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("gateway-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--mute-audio",
                     "--hide-scrollbars", "--window-size=1280,900", $"--user-data-dir={profile}",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
        return browser;
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it picked (first line) into the profile once it listens.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? port = null;
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50)))
        {
            while (port is null && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                if (File.Exists(portFile)) port = (await File.ReadAllLinesAsync(portFile)).FirstOrDefault(l => l.Length > 0);
                if (port is null) await tick.WaitForNextTickAsync();
            }
        }
        if (port is null) throw new InvalidOperationException($"Chromium did not open its DevTools port (exited: {_process.HasExited})");

        using var http = TestClients.Http(TimeSpan.FromSeconds(10));
        var targets = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/json/list");
        var page = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
        await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
        _reader = Task.Run(ReadAsync);
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new { url = url.ToString() });

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value (promises awaited).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var error))
            throw new InvalidOperationException($"page script failed: {error}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v.Clone() : default;
    }

    /// <summary>
    /// Evaluates until the string result satisfies <paramref name="isRight"/>; fails with the last value
    /// after the bound. While the page is still loading (no body yet) the expression reads as null.
    /// </summary>
    public async Task<string?> WaitForAsync(string expression, Func<string?, bool> isRight, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        var guarded = $"(() => {{ try {{ return ({expression}); }} catch {{ return null; }} }})()";
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < deadline)
        {
            var value = await EvaluateAsync(guarded);
            last = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Undefined ? null : value.ToString();
            if (isRight(last)) return last;
            await tick.WaitForNextTickAsync();
        }
        throw new Xunit.Sdk.XunitException($"{what}: not so after {timeout.TotalSeconds}s; the page said '{last}'");
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (frame.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, frame.Count);
                if (!frame.EndOfMessage) continue;
                using var parsed = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                // Events carry no id; only answers to our commands are wanted.
                if (!parsed.RootElement.TryGetProperty("id", out var idElement)) continue;
                if (!_pending.TryRemove(idElement.GetInt32(), out var answer)) continue;
                if (parsed.RootElement.TryGetProperty("error", out var error))
                    answer.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                else
                    answer.TrySetResult(parsed.RootElement.GetProperty("result").Clone());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var answer in _pending.Values) answer.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        await _reader;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash-reporter file still being written; the temp folder is the OS's to clean.
        }
    }
}
