using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<RuleOutcome>))]
public enum RuleOutcome
{
    Pass,
    Fail,
    NotChecked,
}

[JsonConverter(typeof(JsonStringEnumConverter<UploadKind>))]
public enum UploadKind
{
    /// <summary>UploadCertChain.</summary>
    Chain,

    /// <summary>UploadCertificate.</summary>
    Single,
}

[JsonConverter(typeof(JsonStringEnumConverter<CertificateRole>))]
public enum CertificateRole
{
    Leaf,
    Intermediate,
    Root,

    /// <summary>In the file but on no path from the leaf to a root (or no path was found).</summary>
    NotOnPath,
}

/// <summary>The rule identifiers, in the article's order.</summary>
public static class RuleIds
{
    public const string CsrKey = "csr-key";
    public const string Encoding = "encoding";
    public const string ExtendedKeyUsage = "extended-key-usage";
    public const string KeyUsage = "key-usage";
    public const string CompleteChain = "complete-chain";
    public const string ChainLength = "chain-length";
    public const string IssuedToIssuedBy = "issued-to-issued-by";
    public const string CommonName = "common-name";

    public static readonly IReadOnlyList<string> All =
        [CsrKey, Encoding, ExtendedKeyUsage, KeyUsage, CompleteChain, ChainLength, IssuedToIssuedBy, CommonName];
}

/// <summary>One requirement of the article, how the file fared, and how to fix it in the article's words.</summary>
public sealed record RuleResult(string Id, string Requirement, RuleOutcome Outcome, string Detail, string Fix);

/// <summary>One certificate of the file: where it was, what it is in the chain, and its dates (reported, never checked at upload).</summary>
public sealed record CertificateSummary(
    int FilePosition,
    CertificateRole Role,
    string Subject,
    string Issuer,
    string Thumbprint,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);

/// <summary>The verdict of <see cref="CertificateRules"/> on one upload.</summary>
public sealed class CertificateReport
{
    internal CertificateReport(
        UploadKind kind,
        IReadOnlyList<RuleResult> rules,
        X509Certificate2? leaf,
        IReadOnlyList<X509Certificate2> chain,
        IReadOnlyList<CertificateSummary> certificates,
        OmeError? firstError)
    {
        Kind = kind;
        Rules = rules;
        Leaf = leaf;
        Chain = chain;
        Certificates = certificates;
        FirstError = firstError;
    }

    public UploadKind Kind { get; }

    /// <summary>Every rule, in the article's order.</summary>
    public IReadOnlyList<RuleResult> Rules { get; }

    /// <summary>The certificate carrying the CSR key (or, with the key unknown, the best guess); null when the file was unreadable.</summary>
    [JsonIgnore]
    public X509Certificate2? Leaf { get; }

    /// <summary>Leaf, intermediates, root, in that order, as far as a path was found. A single upload: the leaf alone.</summary>
    [JsonIgnore]
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The certificates between leaf and root.</summary>
    [JsonIgnore]
    public IReadOnlyList<X509Certificate2> Intermediates => Chain.Count > 2 ? Chain.Skip(1).Take(Chain.Count - 2).ToList() : [];

    /// <summary>The self-signed root of a complete chain; null otherwise.</summary>
    [JsonIgnore]
    public X509Certificate2? Root => Kind == UploadKind.Chain && Result(RuleIds.CompleteChain).Outcome == RuleOutcome.Pass ? Chain[^1] : null;

    /// <summary>Every certificate of the file: the chain first (leaf to root), then any not on it, in file order.</summary>
    public IReadOnlyList<CertificateSummary> Certificates { get; }

    /// <summary>The answer OME gives for this upload: the first failure in OME's order; null when the upload is accepted.</summary>
    public OmeError? FirstError { get; }

    public bool Accepted => FirstError is null;

    public RuleResult Result(string ruleId) => Rules.First(r => r.Id == ruleId);
}
