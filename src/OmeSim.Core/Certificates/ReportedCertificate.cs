namespace OmeSim.Core.Certificates;

/// <summary>A certificate of the checked file with its validity at the report's time.</summary>
public sealed record ReportedCertificate(
    int FilePosition,
    CertificateRole Role,
    string Subject,
    string Issuer,
    string Thumbprint,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    ValidityStatus ValidAt);
