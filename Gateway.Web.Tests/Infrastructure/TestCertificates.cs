using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Web.Tests.Infrastructure;

/// <summary>Self-signed certificates made on the spot, for tests that need a node's PKCS#12 file.</summary>
public static class TestCertificates
{
    public static byte[] SelfSignedPkcs12(string subject, string? password = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    /// <summary>Writes one to a new temporary file and returns its path.</summary>
    public static string WriteSelfSignedPkcs12(string subject, string? password = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-node-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, SelfSignedPkcs12(subject, password));
        return path;
    }
}
