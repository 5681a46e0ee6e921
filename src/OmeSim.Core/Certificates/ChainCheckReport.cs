using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<ValidityStatus>))]
public enum ValidityStatus
{
    Valid,
    Expired,
    NotYetValid,
}

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

/// <summary>What the checked file means for migration: the peer check and/or validity at a given time.</summary>
public sealed record MigrationVerdict(bool Passed, string Reason, PeerChainResult? Peer, OmeError? Error);

/// <summary>
/// The offline preflight (<c>omesim check</c>): the upload rules, validity at a time and optionally the migration peer
/// check, through the same Core code the endpoints use, so the three cannot disagree.
/// </summary>
public sealed class ChainCheckReport
{
    /// <summary>The upload would be accepted (and, when asked, migration would pass).</summary>
    public const int ExitPass = 0;

    /// <summary>The upload would be refused.</summary>
    public const int ExitUploadFails = 1;

    /// <summary>The upload would be accepted but migration would not (peer mismatch, or not valid at the given time).</summary>
    public const int ExitMigrationFails = 2;

    private ChainCheckReport(string fileName, CertificateReport upload, bool csrKeyGiven, DateTimeOffset validityTime, bool atGiven, IReadOnlyList<ReportedCertificate> certificates, MigrationVerdict? migration)
    {
        FileName = fileName;
        Upload = upload;
        CsrKeyGiven = csrKeyGiven;
        ValidityTime = validityTime;
        AtGiven = atGiven;
        Certificates = certificates;
        Migration = migration;
    }

    public string FileName { get; }

    public CertificateReport Upload { get; }

    public bool CsrKeyGiven { get; }

    /// <summary>The time validity is judged at: <c>--at</c>, else now.</summary>
    public DateTimeOffset ValidityTime { get; }

    public bool AtGiven { get; }

    public IReadOnlyList<ReportedCertificate> Certificates { get; }

    /// <summary>Null when neither a peer nor a time was given.</summary>
    public MigrationVerdict? Migration { get; }

    public int ExitCode =>
        !Upload.Accepted ? ExitUploadFails
        : Migration is { Passed: false } ? ExitMigrationFails
        : ExitPass;

    /// <summary>Runs every check.</summary>
    /// <param name="file">The file to upload.</param>
    /// <param name="csrKey">The appliance's CSR key as SubjectPublicKeyInfo DER; null when unknown (the CSR-key rule is not checked).</param>
    /// <param name="single">Judge as UploadCertificate rather than UploadCertChain.</param>
    /// <param name="peerFile">The other appliance's chain file, for the migration peer check.</param>
    /// <param name="at">The time to judge validity and the peer check at; null = now.</param>
    /// <param name="time">The clock for "now".</param>
    /// <param name="fileName">The file's name, for the text.</param>
    /// <param name="peerFileName">The peer file's name, for the text.</param>
    public static ChainCheckReport Run(
        ReadOnlySpan<byte> file,
        byte[]? csrKey,
        bool single = false,
        byte[]? peerFile = null,
        DateTimeOffset? at = null,
        TimeProvider? time = null,
        string fileName = "(file)",
        string peerFileName = "(peer file)")
    {
        var read = UploadReader.Read(file);
        var upload = single ? CertificateRules.CheckSingle(read, csrKey) : CertificateRules.CheckChain(read, csrKey);
        var when = at ?? (time ?? TimeProvider.System).GetUtcNow();
        var certificates = upload.Certificates.Select(c => new ReportedCertificate(
            c.FilePosition, c.Role, c.Subject, c.Issuer, c.Thumbprint, c.SerialNumber, c.NotBefore, c.NotAfter, StatusAt(c, when))).ToList();

        MigrationVerdict? migration = null;
        if (peerFile is not null)
        {
            migration = PeerVerdict(upload, peerFile, peerFileName, when);
        }
        else if (at is not null)
        {
            var invalid = certificates.Where(c => c.Role != CertificateRole.NotOnPath && c.ValidAt != ValidityStatus.Valid).ToList();
            migration = invalid.Count == 0
                ? new MigrationVerdict(true, $"Every certificate of the chain is valid at {Stamp(when)}.", null, null)
                : new MigrationVerdict(false, $"At {Stamp(when)}: " + string.Join("; ", invalid.Select(c => $"{c.Subject} is {Words(c.ValidAt)} (valid {Stamp(c.NotBefore)} to {Stamp(c.NotAfter)})")) + ".", null, OmeError.Of(MessageRegistry.CMIG1001));
        }
        return new ChainCheckReport(fileName, upload, csrKey is not null, when, at is not null, certificates, migration);
    }

    private static MigrationVerdict PeerVerdict(CertificateReport upload, byte[] peerFile, string peerFileName, DateTimeOffset when)
    {
        var peerRead = UploadReader.Read(peerFile);
        if (!peerRead.IsValid)
        {
            return new MigrationVerdict(false, $"The peer file {peerFileName} cannot be read: {peerRead.Problem}", null, OmeError.Of(MessageRegistry.CMIG1001));
        }
        var peerReport = CertificateRules.CheckChain(peerRead, null);
        // The peer presents its leaf and intermediates; its root stays in its own store.
        IReadOnlyList<X509Certificate2> presented = peerReport.Root is not null
            ? peerReport.Chain.Take(peerReport.Chain.Count - 1).ToList()
            : [peerReport.Leaf!, .. peerRead.Certificates.Where(c => !ReferenceEquals(c, peerReport.Leaf))];

        IReadOnlyList<X509Certificate2> ownChain = upload.Root is not null ? upload.Chain.Take(upload.Chain.Count - 1).ToList() : upload.Chain;
        IReadOnlyList<X509Certificate2> ownRoots = upload.Root is { } root ? [root] : [];
        var result = PeerChainCheck.Check(ownChain, ownRoots, presented, when);
        return new MigrationVerdict(result.Passed, result.Reason, result, result.Error);
    }

    /// <summary>The report as text: every requirement with PASS/FAIL/N/A, OME's answer, the article's fixes, validity dates.</summary>
    public string RenderText()
    {
        var text = new StringBuilder();
        var endpoint = Upload.Kind == UploadKind.Chain ? "UploadCertChain" : "UploadCertificate";
        text.AppendLine($"File: {FileName} (checked as {endpoint})");
        text.AppendLine(CsrKeyGiven ? "CSR key: given" : "CSR key: not given (--csr or --key): the CSR-key rule is not checked");
        text.AppendLine();

        text.AppendLine(Certificates.Count == 0
            ? "Certificates: none read"
            : $"Certificates ({(Upload.Kind == UploadKind.Chain ? "leaf to root" : "the one taken first")}; #n = position in the file), validity at {Stamp(ValidityTime)}{(AtGiven ? " (--at)" : " (now)")}:");
        foreach (var c in Certificates)
        {
            text.AppendLine($"  #{c.FilePosition,-3} {RoleWord(c.Role),-13} {c.Subject}");
            text.AppendLine($"       issued by     {c.Issuer}");
            text.AppendLine($"       valid         {Stamp(c.NotBefore)} to {Stamp(c.NotAfter)}: {Words(c.ValidAt).ToUpperInvariant()}");
        }
        text.AppendLine();

        text.AppendLine("Requirements (Dell KB 000221202):");
        foreach (var rule in Upload.Rules)
        {
            var mark = rule.Outcome switch
            {
                RuleOutcome.Pass => "PASS",
                RuleOutcome.Fail => "FAIL",
                _ => "N/A ",
            };
            text.AppendLine($"  {mark}  {rule.Requirement}");
            text.AppendLine($"        {rule.Detail}");
            if (rule.Outcome == RuleOutcome.Fail)
            {
                text.AppendLine($"        Fix: {rule.Fix}");
            }
        }
        text.AppendLine();

        text.AppendLine($"{endpoint} would answer:");
        text.AppendLine(Upload.FirstError is { } error ? $"  HTTP {error.HttpStatus}  {error.ToJson()}" : "  HTTP 200 (accepted)");

        if (Migration is { } migration)
        {
            text.AppendLine();
            text.AppendLine($"Migration ({(migration.Peer is null ? "validity" : "peer chain check")} at {Stamp(ValidityTime)}): {(migration.Passed ? "PASS" : "FAIL")}");
            text.AppendLine($"  {migration.Reason}");
            if (migration.Peer is { } peer)
            {
                AppendPath(text, "Own path", peer.OwnPath);
                AppendPath(text, "Peer path", peer.PeerPath);
            }
            if (migration.Error is { } migrationError)
            {
                text.AppendLine($"  Migration would answer: HTTP {migrationError.HttpStatus}  {migrationError.ToJson()}");
            }
        }
        text.AppendLine();
        text.AppendLine(ExitCode switch
        {
            ExitPass when Migration is not null => "Verdict: the upload would be accepted and migration would pass (exit 0).",
            ExitPass => "Verdict: the upload would be accepted (exit 0).",
            ExitMigrationFails => "Verdict: the upload would be accepted, but migration would fail (exit 2).",
            _ => $"Verdict: the upload would be refused with {Upload.FirstError!.MessageId}{(Upload.FirstError.Args.Count > 0 ? " " + Upload.FirstError.Args[0] : "")} (exit 1).",
        });
        return text.ToString();
    }

    /// <summary>The report as JSON, through OmeSim's one serializer setting.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToDocument(), OmeJson.Options);

    public ChainCheckDocument ToDocument() => new(
        FileName,
        Upload.Kind == UploadKind.Chain ? "UploadCertChain" : "UploadCertificate",
        Upload.Accepted,
        Upload.FirstError?.HttpStatus ?? 200,
        Upload.FirstError?.ToEnvelope(),
        CsrKeyGiven,
        Upload.Rules,
        ValidityTime,
        Certificates,
        Migration is null ? null : new MigrationDocument(Migration.Passed, Migration.Reason, Migration.Error?.ToEnvelope(), Migration.Peer),
        ExitCode);

    private static void AppendPath(StringBuilder text, string title, IReadOnlyList<PathElement> path)
    {
        text.AppendLine($"  {title}:");
        foreach (var element in path)
        {
            text.AppendLine($"    {element.Level}. {element.Subject}  issued by {element.Issuer}  valid {Stamp(element.NotBefore)} to {Stamp(element.NotAfter)}  SHA-1 {element.Thumbprint}{(element.Problems.Count > 0 ? "  problems: " + string.Join(", ", element.Problems) : "")}");
        }
    }

    private static ValidityStatus StatusAt(CertificateSummary certificate, DateTimeOffset when) =>
        when < certificate.NotBefore ? ValidityStatus.NotYetValid
        : when > certificate.NotAfter ? ValidityStatus.Expired
        : ValidityStatus.Valid;

    private static string Words(ValidityStatus status) => status switch
    {
        ValidityStatus.Valid => "valid",
        ValidityStatus.Expired => "expired",
        _ => "not yet valid",
    };

    private static string RoleWord(CertificateRole role) => role switch
    {
        CertificateRole.Leaf => "leaf",
        CertificateRole.Intermediate => "intermediate",
        CertificateRole.Root => "root",
        _ => "not on path",
    };

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

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

public sealed record MigrationDocument(bool Passed, string Reason, OmeErrorEnvelope? Answer, PeerChainResult? PeerCheck);
