namespace Gateway.Web.Tests.Infrastructure;

/// <summary>The source tree the test binaries were built from, for tests of what a user runs or reads there.</summary>
public static class Repository
{
    /// <summary>The folder holding Gateway.sln above the test binaries, or null when they were copied elsewhere.</summary>
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>The configuration the tests were built in (…/bin/Debug/net10.0/), which the other projects were built in too.</summary>
    public static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
}
