using Gateway.Web.Hosting;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the gateway as its entry point does, for a configuration that must stop it.</summary>
public static class FailedStartup
{
    /// <summary>With the overlay on an ephemeral loopback port: see <see cref="ErrorLineAsync(string[])"/>.</summary>
    public static Task<string> ErrorLineAsync(string overlay) =>
        ErrorLineAsync(["--urls", RunningApp.LoopbackUrls, "--config", OverlayFiles.Write(overlay)]);

    /// <summary>Asserts that start-up ended with a non-zero exit and exactly one line on stderr, and returns that line.</summary>
    public static async Task<string> ErrorLineAsync(string[] args)
    {
        using var errors = new StringWriter();

        // Bounded: a config that wrongly loads would otherwise start a gateway that runs forever.
        var exitCode = await GatewayHost.RunAsync(args, errors).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        return Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
