using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;

namespace OmeSim.Harness.Control;

/// <summary>A certificate as the control plane names it: subject and thumbprint.</summary>
public sealed record CertificateName(string Subject, string Thumbprint)
{
    public static CertificateName From(X509Certificate2 certificate) => new(CertificateNames.Display(certificate.SubjectName), certificate.Thumbprint);
}
