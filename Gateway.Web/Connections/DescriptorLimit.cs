namespace Gateway.Web.Connections;

/// <summary>
/// The process's file-descriptor limit (RLIMIT_NOFILE, soft), read from <c>/proc/self/limits</c> once the
/// runtime is up: .NET raises the soft limit to the hard one at start-up, so this is what the process
/// really has. Null where there is no such file (not Linux) or the limit is unlimited.
/// </summary>
public static class DescriptorLimit
{
    public static long? Read(string path = "/proc/self/limits")
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadLines(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft value of the "Max open files" row: <c>Max open files  1024  4096  files</c>.</summary>
    public static long? Parse(IEnumerable<string> lines)
    {
        const string Row = "Max open files";
        foreach (var line in lines)
        {
            if (!line.StartsWith(Row, StringComparison.Ordinal)) continue;
            var soft = line[Row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, out var value) ? value : null;
        }
        return null;
    }
}
