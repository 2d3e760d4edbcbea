using System.Reflection;
using System.Text.RegularExpressions;
using Gateway.Web.Hosting;
using Gateway.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gateway.Web.Tests.Logging;

/// <summary>
/// Every log event of the gateway's own has a fixed id, given by hand (without one the generator makes a
/// hash of the method's name, which changes when the method is renamed), used once, and listed in the README.
/// </summary>
public sealed partial class EventIdTests
{
    [Fact]
    public void EveryLogEvent_HasItsOwnFixedId_ListedInTheReadme()
    {
        var events = typeof(GatewayHost).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();
        Assert.NotEmpty(events);

        var unset = events.Where(e => e.Attribute!.EventId < 1).Select(e => e.Method).ToList();
        Assert.True(unset.Count == 0, $"no EventId given: {string.Join(", ", unset)}");
        var shared = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(shared.Count == 0, $"EventId used twice: {string.Join("; ", shared)}");

        var readme = File.ReadAllText(Path.Combine(Repository.Root()!, "README.md"));
        var documented = ReadmeRow().Matches(readme).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        Assert.Equal(events.Select(e => e.Attribute!.EventId).Order(), documented.Order());
    }

    /// <summary>A row of the README's event table: "| 1000 | Information | ...".</summary>
    [GeneratedRegex(@"^\| (\d{4}) \| (?:Trace|Debug|Information|Warning|Error|Critical) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
