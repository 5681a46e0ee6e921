using System.Text.Json.Serialization;

namespace OmeSim.Core.Certificates;

/// <summary>A certificate of the checked file with its validity at the report's time.</summary>
public sealed record ReportedCertificate : CertificateSummary
{
    /// <summary>The certificate as the rules summarised it, judged at <paramref name="at"/>.</summary>
    public ReportedCertificate(CertificateSummary certificate, DateTimeOffset at)
        : base(certificate) =>
        ValidAt = at < NotBefore ? ValidityStatus.NotYetValid
            : at > NotAfter ? ValidityStatus.Expired
            : ValidityStatus.Valid;

    // System.Text.Json writes a derived type's own properties first; check --json has always ended each certificate with ValidAt.
    [JsonPropertyOrder(1)]
    public ValidityStatus ValidAt { get; }
}
