using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Certificates;

namespace OmeSim.Core.Pki;

/// <summary>What the test CA hands back: the certificates as they would be in a file (leaf first, root last when present).</summary>
public sealed class IssuedChain
{
    internal IssuedChain(string profile, IReadOnlyList<X509Certificate2> certificates, RSA? otherKey)
    {
        Profile = profile;
        Certificates = certificates;
        OtherKey = otherKey;
    }

    public string Profile { get; }

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public X509Certificate2 Leaf => Certificates[0];

    /// <summary>For <c>other-key</c>: the key the leaf really carries (not the CSR's). Null otherwise.</summary>
    public RSA? OtherKey { get; }

    public string? OtherKeyPem => OtherKey is null ? null : OtherKey.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>The whole file: every certificate as standard PEM, in order.</summary>
    public string ToPem()
    {
        var builder = new StringBuilder();
        foreach (var certificate in Certificates)
        {
            builder.Append(PemText.Armour(PemText.CertificateLabel, certificate.RawData));
        }
        return builder.ToString();
    }

    /// <summary>Only the leaf, as standard PEM (for the single-certificate upload).</summary>
    public string LeafPem() => PemText.Armour(PemText.CertificateLabel, Leaf.RawData);
}
