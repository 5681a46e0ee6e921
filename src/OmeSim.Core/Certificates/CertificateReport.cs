using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

/// <summary>The verdict of <see cref="CertificateRules"/> on one upload.</summary>
public sealed class CertificateReport
{
    internal CertificateReport() { }

    public required UploadKind Kind { get; init; }

    /// <summary>Every rule, in the article's order.</summary>
    public required IReadOnlyList<RuleResult> Rules { get; init; }

    /// <summary>The certificate carrying the CSR key (or, with the key unknown, the best guess); null when the file was unreadable.</summary>
    [JsonIgnore]
    public required X509Certificate2? Leaf { get; init; }

    /// <summary>Leaf, intermediates, root, in that order, as far as a path was found. A single upload: the leaf alone.</summary>
    [JsonIgnore]
    public required IReadOnlyList<X509Certificate2> Chain { get; init; }

    /// <summary>What an appliance presents in a handshake: the leaf and intermediates; the root of a complete chain stays in its trusted store.</summary>
    [JsonIgnore]
    public IReadOnlyList<X509Certificate2> Presented => Root is not null ? Chain.Take(Chain.Count - 1).ToList() : Chain;

    /// <summary>The self-signed root of a complete chain; null otherwise.</summary>
    [JsonIgnore]
    public X509Certificate2? Root => Kind == UploadKind.Chain && Result(RuleIds.CompleteChain).Outcome == RuleOutcome.Pass ? Chain[^1] : null;

    /// <summary>Every certificate of the file: the chain first (leaf to root), then any not on it, in file order.</summary>
    public required IReadOnlyList<CertificateSummary> Certificates { get; init; }

    /// <summary>The answer OME gives for this upload: the first failure in OME's order; null when the upload is accepted.</summary>
    public required OmeError? FirstError { get; init; }

    public bool Accepted => FirstError is null;

    public RuleResult Result(string ruleId) => Rules.First(r => r.Id == ruleId);
}
