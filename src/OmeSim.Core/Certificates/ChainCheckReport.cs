using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

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

    private ChainCheckReport() { }

    public required string FileName { get; init; }

    public required CertificateReport Upload { get; init; }

    public required bool CsrKeyGiven { get; init; }

    /// <summary>The time validity is judged at: <c>--at</c>, else now.</summary>
    public required DateTimeOffset ValidityTime { get; init; }

    public required bool AtGiven { get; init; }

    public required IReadOnlyList<ReportedCertificate> Certificates { get; init; }

    /// <summary>Null when neither a peer nor a time was given.</summary>
    public required MigrationVerdict? Migration { get; init; }

    /// <summary>The endpoint the file was judged for: <c>UploadCertChain</c> or <c>UploadCertificate</c>.</summary>
    public string Endpoint => Upload.Kind == UploadKind.Chain ? "UploadCertChain" : "UploadCertificate";

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
        var certificates = upload.Certificates.Select(c => new ReportedCertificate(c, when)).ToList();

        MigrationVerdict? migration = null;
        if (peerFile is not null)
        {
            migration = PeerVerdict(upload, peerFile, peerFileName, when);
        }
        else if (at is not null)
        {
            var invalid = certificates.Where(c => c.Role != CertificateRole.NotOnPath && c.ValidAt != ValidityStatus.Valid).ToList();
            migration = invalid.Count == 0
                ? new MigrationVerdict(true, $"Every certificate of the chain is valid at {OmeTime.IsoSeconds(when)}.", null, null)
                : new MigrationVerdict(false, $"At {OmeTime.IsoSeconds(when)}: " + string.Join("; ", invalid.Select(Invalidity)) + ".", null,
                    OmeError.Of(MessageRegistry.CMIG1001));
        }
        return new ChainCheckReport
        {
            FileName = fileName,
            Upload = upload,
            CsrKeyGiven = csrKey is not null,
            ValidityTime = when,
            AtGiven = at is not null,
            Certificates = certificates,
            Migration = migration,
        };
    }

    private static MigrationVerdict PeerVerdict(CertificateReport upload, byte[] peerFile, string peerFileName, DateTimeOffset when)
    {
        var peerRead = UploadReader.Read(peerFile);
        if (!peerRead.IsValid)
        {
            return new MigrationVerdict(false, $"The peer file {peerFileName} cannot be read: {peerRead.Problem}", null,
                OmeError.Of(MessageRegistry.CMIG1001));
        }
        var peerReport = CertificateRules.CheckChain(peerRead, null);
        // The peer presents its leaf and intermediates; its root stays in its own store.
        IReadOnlyList<X509Certificate2> presented = peerReport.Root is not null
            ? peerReport.Presented
            : [peerReport.Leaf!, .. peerRead.Certificates.Where(c => !ReferenceEquals(c, peerReport.Leaf))];

        IReadOnlyList<X509Certificate2> ownRoots = upload.Root is { } root ? [root] : [];
        var result = PeerChainCheck.Check(upload.Presented, ownRoots, presented, when);
        return new MigrationVerdict(result.Passed, result.Reason, result, result.Error);
    }

    /// <summary>The report as JSON, through OmeSim's one serializer setting.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToDocument(), OmeJson.Options);

    public ChainCheckDocument ToDocument() => new(
        FileName,
        Endpoint,
        Upload.Accepted,
        Upload.FirstError?.HttpStatus ?? 200,
        Upload.FirstError?.ToEnvelope(),
        CsrKeyGiven,
        Upload.Rules,
        ValidityTime,
        Certificates,
        Migration is null ? null : new MigrationDocument(Migration.Passed, Migration.Reason, Migration.Error?.ToEnvelope(), Migration.Peer),
        ExitCode);

    private static string Invalidity(ReportedCertificate c) =>
        $"{c.Subject} is {Words(c.ValidAt)} (valid {OmeTime.IsoSeconds(c.NotBefore)} to {OmeTime.IsoSeconds(c.NotAfter)})";

    /// <summary>The status in words: <c>valid</c>, <c>expired</c>, <c>not yet valid</c>.</summary>
    public static string Words(ValidityStatus status) => status switch
    {
        ValidityStatus.Valid => "valid",
        ValidityStatus.Expired => "expired",
        _ => "not yet valid",
    };
}
