namespace Gateway.Web.Tests.Infrastructure;

/// <summary>HOCON overlays written to files, as a user hands one to the gateway with <c>--config</c>.</summary>
public static class OverlayFiles
{
    /// <summary>Writes the text to a new temporary file and returns its path.</summary>
    public static string Write(string hocon)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-test-{Guid.NewGuid():N}.hocon");
        File.WriteAllText(path, hocon);
        return path;
    }
}
