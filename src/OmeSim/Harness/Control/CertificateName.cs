using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Harness.Control;

/// <summary>A certificate as the control plane names it: subject and thumbprint.</summary>
public sealed record CertificateName(string Subject, string Thumbprint)
{
    public static CertificateName From(X509Certificate2 certificate) => new(certificate.Subject, certificate.Thumbprint);
}
