namespace OmeSim.Core.Certificates;

/// <summary>One certificate of the file: where it was, what it is in the chain, and its dates (reported, never checked at upload).</summary>
public record CertificateSummary(
    int FilePosition,
    CertificateRole Role,
    string Subject,
    string Issuer,
    string Thumbprint,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
