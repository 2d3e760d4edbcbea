using Gateway.Web.Configuration;

namespace Gateway.Web.Tests.Configuration;

/// <summary>The overlays shipped in hocon/examples are documentation: each must load as written.</summary>
public sealed class ExampleOverlayTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "hocon", "examples"), "*.hocon"))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_LoadsAndValidates(string file)
    {
        // The production example names its keys by environment variable; give them values.
        Environment.SetEnvironmentVariable("GATEWAY_KEY_WEB", "example-web-key");
        Environment.SetEnvironmentVariable("GATEWAY_KEY_MOBILE", "example-mobile-key");

        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(Path.Combine(AppContext.BaseDirectory, "hocon", "examples", file)));

        Assert.NotEmpty(settings.Routes);
    }

    [Fact]
    public void ThereAreExamples() => Assert.NotEmpty(Examples());

    /// <summary>Every file in hocon/ itself (the defaults, and whatever lies beside them) parses as written.</summary>
    [Fact]
    public void EveryFileInTheHoconFolder_Parses()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "hocon"), "*.hocon", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.NotNull(GatewayConfigFiles.Parse(file));
    }
}
