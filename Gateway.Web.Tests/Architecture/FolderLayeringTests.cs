using System.Text.RegularExpressions;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Architecture;

/// <summary>
/// Gateway.Web's folders are layers and imports point only down (docs/architecture.md, "Layers"): a
/// folder that reached up would tie a stage to the host or a primitive to a stage, and the next feature
/// added to the request path would have to untangle it first.
/// </summary>
public sealed partial class FolderLayeringTests
{
    /// <summary>
    /// The one statement of Gateway.Web's layers, top first: a folder may import only folders of a later
    /// line. Folders on one line are peers and do not import each other. <c>""</c> is the project's root
    /// (Program.cs). A new folder goes in here, or this test fails.
    /// </summary>
    private static readonly string[][] Layers =
    [
        [""],
        ["Hosting"],                                         // the host, the one DI entry point (AddGateway), actor and cluster wiring, shutdown
        ["Operations"],                                      // health and readiness, the actor stats poller, the gateway's own endpoints
        ["Pipeline", "Status"],                              // the request path, the status page
        ["Auth", "RateLimiting", "WebSockets", "Caching"],   // the stages before the upstream
        ["Balancing"],                                       // the upstream choice and its breakers
        ["Forwarding"],                                      // the raw exchange with the upstream
        ["Reload"],                                          // swaps the configuration the stages read
        ["Routing", "Observability"],                        // the route table, metrics and telemetry
        ["Connections"],                                     // Kestrel's connection limit
        ["Logging"],                                         // the JSON console and its log lines
        ["Configuration", "Http"],                           // every settings record; the request's outcome, refusals, problems
    ];

    [Fact]
    public void Folders_HaveNoImportCycle()
    {
        var imports = FolderImports();
        var cycle = FindCycle(imports);

        Assert.True(cycle is null, $"Gateway.Web's folders import each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Folders_ImportOnlyLowerLayers()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(folder => (folder, layer))).ToDictionary(p => p.folder, p => p.layer);
        var imports = FolderImports();

        var unknown = imports.Keys.Concat(imports.Values.SelectMany(v => v)).Where(f => !layerOf.ContainsKey(f)).Distinct().Order().ToList();
        var upward = imports
            .SelectMany(entry => entry.Value.Where(to => layerOf.ContainsKey(entry.Key) && layerOf.ContainsKey(to) && layerOf[to] <= layerOf[entry.Key])
                .Select(to => $"{Name(entry.Key)} -> {to}"))
            .Order().ToList();

        Assert.True(unknown.Count == 0, $"folders missing from the layer table: {string.Join(", ", unknown)}");
        Assert.True(upward.Count == 0, $"imports of a peer or a higher layer: {string.Join("; ", upward)}");
    }

    private static string Name(string folder) => folder == "" ? "(root)" : folder;

    /// <summary>Each folder of Gateway.Web and the other folders its files import (<c>using Gateway.Web.X</c>).</summary>
    private static Dictionary<string, SortedSet<string>> FolderImports()
    {
        var project = Path.Combine(Repository.Root()!, "Gateway.Web");
        var imports = new Dictionary<string, SortedSet<string>>();
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(project, file).Replace('\\', '/');
            if (relative.StartsWith("bin/") || relative.StartsWith("obj/")) continue;
            var folder = relative.Contains('/') ? relative[..relative.IndexOf('/')] : "";
            var used = imports.TryGetValue(folder, out var set) ? set : imports[folder] = [];
            foreach (Match match in GatewayWebUsing().Matches(File.ReadAllText(file)))
            {
                if (match.Groups[1].Value != folder) used.Add(match.Groups[1].Value);
            }
        }
        return imports;
    }

    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> imports)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in imports.Keys.Order())
        {
            if (Visit(start) is { } cycle) return cycle;
        }
        return null;

        List<string>? Visit(string folder)
        {
            var at = path.IndexOf(folder);
            if (at >= 0) return [.. path[at..].Select(Name), Name(folder)];
            if (!done.Add(folder)) return null;
            path.Add(folder);
            foreach (var next in imports.GetValueOrDefault(folder) ?? [])
            {
                if (Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?Gateway\.Web\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex GatewayWebUsing();
}
