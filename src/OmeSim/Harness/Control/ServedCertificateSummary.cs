using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;

namespace OmeSim.Harness.Control;

/// <summary>The certificate an appliance serves: its leaf, and how many certificates it sends (leaf and intermediates).</summary>
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
