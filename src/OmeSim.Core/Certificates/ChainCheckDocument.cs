using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

/// <summary>The JSON shape of <c>omesim check --json</c>.</summary>
public sealed record ChainCheckDocument(
    string File,
    string Upload,
    bool UploadAccepted,
    int HttpStatus,
    OmeErrorEnvelope? Answer,
    bool CsrKeyGiven,
    IReadOnlyList<RuleResult> Rules,
    DateTimeOffset ValidityCheckedAt,
    IReadOnlyList<ReportedCertificate> Certificates,
    MigrationDocument? Migration,
    int ExitCode);
