using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;

namespace OmeSim.Harness.Control;

/// <summary>
/// The certificate an appliance serves: its leaf (names as <c>openssl x509 -subject</c> writes them) and ChainLength, the
/// certificates it sends in the TLS handshake: the leaf and its intermediates, not the root (2 for a 3-certificate file).
/// </summary>
public sealed record ServedCertificateSummary(
    string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Thumbprint, bool SelfSigned, int ChainLength)
{
    public static ServedCertificateSummary From(ServedCertificate served) => new(
        CertificateNames.Display(served.Leaf.SubjectName),
        CertificateNames.Display(served.Leaf.IssuerName),
        Utc(served.Leaf.NotBefore),
        Utc(served.Leaf.NotAfter),
        served.Leaf.Thumbprint,
        served.Leaf.SubjectName.RawData.AsSpan().SequenceEqual(served.Leaf.IssuerName.RawData),
        1 + served.Intermediates.Count);

    private static DateTimeOffset Utc(DateTime local) => new(local.ToUniversalTime(), TimeSpan.Zero);
}
