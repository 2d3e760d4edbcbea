using System.Text.RegularExpressions;
using Gateway.Web.Configuration;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Configuration;

/// <summary>Every HOCON block in the README is an overlay a user may copy: each must load as written.</summary>
public sealed partial class ReadmeExampleTests
{
    /// <summary>The secret files the examples name, which no test machine has; the only things stood in for.</summary>
    private const string SecretFile = "/run/secrets/mobile-key";
    private const string NodeCertificateFile = "/run/secrets/gateway-node.pfx";

    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < ReadmeBlocks().Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ReadmeHoconBlock_LoadsAndValidates(int index)
    {
        // The examples name their keys by environment variable and file; give them values.
        Environment.SetEnvironmentVariable("GATEWAY_KEY_CI", "example-ci-key");
        var secret = Path.Combine(Directory.CreateTempSubdirectory("gateway-secret-").FullName, "mobile-key");
        File.WriteAllText(secret, "example-mobile-key\n");
        Environment.SetEnvironmentVariable("GATEWAY_NODE_PFX_PASSWORD", "example-password");
        Environment.SetEnvironmentVariable("POD_IP", "10.0.0.7");
        var certificate = Path.Combine(Path.GetDirectoryName(secret)!, "gateway-node.pfx");
        File.WriteAllBytes(certificate, TestCertificates.SelfSignedPkcs12("gateway-node", "example-password"));
        var block = ReadmeBlocks()[index];

        var overlay = block.Replace(SecretFile, secret).Replace(NodeCertificateFile, certificate);
        var settings = GatewaySettings.Create(GatewayConfigFiles.Load(OverlayFiles.Write(overlay)));

        Assert.NotEmpty(settings.Routes);
    }

    [Fact]
    public void TheReadmeHasHoconBlocks() => Assert.True(ReadmeBlocks().Count >= 4);

    private static IReadOnlyList<string> ReadmeBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root()!, "README.md"));
        return HoconFence().Matches(readme).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"^```hocon\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex HoconFence();
}
