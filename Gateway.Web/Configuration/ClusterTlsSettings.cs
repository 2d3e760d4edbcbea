using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Actors.Configuration;

namespace Gateway.Web.Configuration;

/// <summary>
/// <c>gateway.cluster.tls</c>: TLS between gateway nodes (Akka.Remote's DotNetty transport), both ways
/// authenticated: every node presents its certificate and checks the other's.
/// </summary>
/// <param name="Certificate">Loaded at start-up, so a missing file or a wrong password stops start-up naming the key.</param>
/// <param name="PinnedThumbprints">With <c>trust = pinned</c>: the thumbprints a peer's certificate must have (default: this node's own).</param>
public sealed record ClusterTlsSettings(bool Enabled, X509Certificate2? Certificate, ClusterTlsTrust Trust, IReadOnlyList<string> PinnedThumbprints)
{
    public static readonly ClusterTlsSettings Off = new(false, null, ClusterTlsTrust.Chain, []);

    public static ClusterTlsSettings Create(ConfigReader section)
    {
        section.RejectUnknown(["enabled", "certificate-path", "certificate-password-env", "trust", "pinned-thumbprints"]);
        if (!section.Flag("enabled", false)) return Off;

        var pathKey = section.KeyOf("certificate-path");
        var path = section.Text("certificate-path", "").Trim();
        if (path.Length == 0) throw new ConfigException(pathKey, "is required when tls is enabled (a PKCS#12 file with the node's certificate and private key)");
        var passwordEnv = section.Text("certificate-password-env", "").Trim();
        var password = passwordEnv.Length == 0 ? null : Environment.GetEnvironmentVariable(passwordEnv);
        if (passwordEnv.Length > 0 && password is null)
            throw new ConfigException(section.KeyOf("certificate-password-env"), $"names the environment variable '{passwordEnv}', which is not set");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(path), password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigException(pathKey, $"cannot load '{path}' as a PKCS#12 certificate: {e.Message.Trim()}");
        }
        if (!certificate.HasPrivateKey) throw new ConfigException(pathKey, $"'{path}' holds no private key");

        var trustText = section.Text("trust", "chain").Trim();
        var trust = trustText switch
        {
            "chain" => ClusterTlsTrust.Chain,
            "pinned" => ClusterTlsTrust.Pinned,
            _ => throw new ConfigException(section.KeyOf("trust"), $"'{trustText}' is not a trust mode (use chain or pinned)"),
        };
        var pinned = section.Texts("pinned-thumbprints").Select(t => t.Replace(":", "").Trim().ToUpperInvariant()).ToList();
        if (trust == ClusterTlsTrust.Pinned && pinned.Count == 0) pinned.Add(certificate.Thumbprint);
        return new ClusterTlsSettings(true, certificate, trust, pinned);
    }
}

public enum ClusterTlsTrust
{
    /// <summary>A peer's certificate must chain to a root this machine trusts.</summary>
    Chain,
    /// <summary>A peer's certificate must be one of the pinned thumbprints (a private cluster's own certificates).</summary>
    Pinned,
}
