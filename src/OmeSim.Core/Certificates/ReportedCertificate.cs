using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

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
