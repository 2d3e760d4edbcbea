using System.Diagnostics;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>Signals to a child process, as an orchestrator would send them.</summary>
public static class ProcessSignals
{
    /// <summary>SIGTERM, through kill(1) (.NET has no portable API for it); bounded.</summary>
    public static async Task SendSigtermAsync(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString()]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);
    }
}
