using OmeSim.Core.Messages;

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
