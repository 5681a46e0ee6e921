using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

/// <summary>
/// The requirements of Dell KB 000221202 as code, shared by UploadCertChain, UploadCertificate and <c>omesim check</c>.
/// Every rule is evaluated (the offline check reports all); <see cref="CertificateReport.FirstError"/> is what OME answers:
/// the first failure in the order encoding, CSR key, chain, common name, EKU, key usage (modelled), one table per upload kind
/// (<see cref="ChainAnswers"/>, <see cref="SingleAnswers"/>).
/// </summary>
public static class CertificateRules
{
    /// <summary>At most 10 certificates, root included: the article's "at most 10 leaf certificates in a chain" (modelled reading).</summary>
    public const int MaxChainLength = 10;

    /// <summary>A chain is at least a leaf and a distinct root (modelled: a lone self-signed certificate is no chain).</summary>
    public const int MinChainLength = 2;

    /// <summary>
    /// UploadCertChain (modelled): a leaf without an EKU extension counts as lacking Server and Client Authentication, one
    /// without a key usage extension as lacking Key Encipherment. Evidence: the article asks for both EKUs "enabled in the
    /// template" for migration, and no public test uploads a chain whose leaf lacks them. UploadCertificate reads RFC 5280
    /// instead (an absent extension restricts nothing): Dell's Terraform acceptance test TestCertPos uploads an
    /// <c>openssl x509 -req</c> certificate with no extension to real appliances and expects success. Flip this when a
    /// capture of a real appliance shows a chain accepted without them.
    /// </summary>
    public const bool ChainLeafNeedsExtensions = true;

    /// <summary>
    /// UploadCertChain's answer to each failed rule, in the order OME reports them (modelled): the first failed rule of the table
    /// is the answer. An incomplete chain, one too long and one that does not validate are one answer.
    /// </summary>
    private static readonly (string RuleId, Func<OmeError> Error)[] ChainAnswers =
    [
        (RuleIds.Encoding, Csec9002),
        (RuleIds.CsrKey, () => Cgen1008(MessageArgs.InvalidCsrKey)),
        (RuleIds.CompleteChain, () => Cgen1008(MessageArgs.InvalidChain)),
        (RuleIds.ChainLength, () => Cgen1008(MessageArgs.InvalidChain)),
        (RuleIds.IssuedToIssuedBy, () => Cgen1008(MessageArgs.InvalidChain)),
        (RuleIds.CommonName, () => Cgen1008(MessageArgs.CommonNameNotFound)),
        (RuleIds.ExtendedKeyUsage, () => Cgen1008(MessageArgs.NoClientServerEku)),
        (RuleIds.KeyUsage, () => Cgen1008(MessageArgs.NotWebServerCertificate)),
    ];

    /// <summary>
    /// UploadCertificate's answers, in the same order without the chain rules. A key usage without Key Encipherment is an invalid
    /// file here (CSEC9002, the article's log line), not CGEN1008.
    /// </summary>
    private static readonly (string RuleId, Func<OmeError> Error)[] SingleAnswers =
    [
        (RuleIds.Encoding, Csec9002),
        (RuleIds.CsrKey, () => Cgen1008(MessageArgs.InvalidCsrKey)),
        (RuleIds.CommonName, () => Cgen1008(MessageArgs.CommonNameNotFound)),
        (RuleIds.ExtendedKeyUsage, () => Cgen1008(MessageArgs.NoClientServerEku)),
        (RuleIds.KeyUsage, Csec9002),
    ];

    /// <summary>The rules of UploadCertChain.</summary>
    /// <param name="read">The file as <see cref="UploadReader"/> read it.</param>
    /// <param name="csrKey">The appliance's CSR key as SubjectPublicKeyInfo DER; null when not known (offline check).</param>
    public static CertificateReport CheckChain(UploadReadResult read, byte[]? csrKey)
    {
        if (!read.IsValid)
        {
            return Unreadable(UploadKind.Chain, read);
        }
        var certificates = read.Certificates;
        var issuers = new IssuerIndex(certificates);
        var (leafIndex, csrRule) = FindLeaf(certificates, issuers, csrKey);
        var leaf = certificates[leafIndex];

        var path = CertificationPath.Build(certificates, issuers, leafIndex, out var chainProblem);
        var lengthRule = certificates.Count > MaxChainLength
            ? Fail(RuleIds.ChainLength, $"The file holds {certificates.Count} certificates; OME accepts at most {MaxChainLength}, root included.")
            : Pass(RuleIds.ChainLength, $"{certificates.Count} certificate(s), at most {MaxChainLength} allowed.");
        var completeRule = chainProblem is null
            ? Pass(RuleIds.CompleteChain, $"The file holds the leaf, {path.Count - 2} intermediate(s) and the self-signed root, each issued by the next.")
            : Fail(RuleIds.CompleteChain, chainProblem);
        RuleResult issuedRule;
        if (chainProblem is null)
        {
            var signatureProblem = ChainSignatures.Verify(path);
            issuedRule = signatureProblem is null
                ? Pass(RuleIds.IssuedToIssuedBy, $"Every certificate validates up to the root {Dn(path[^1].SubjectName)}.")
                : Fail(RuleIds.IssuedToIssuedBy, signatureProblem);
        }
        else
        {
            issuedRule = NotChecked(RuleIds.IssuedToIssuedBy, "No path from the leaf to a self-signed root to validate.");
        }

        var named = chainProblem is null ? path : certificates;
        var cnRule = CheckCommonNames(named, certificates);
        var ekuRule = CheckEku(leaf, UploadKind.Chain, absentFails: ChainLeafNeedsExtensions);
        var kuRule = CheckKeyUsage(leaf, UploadKind.Chain, absentFails: ChainLeafNeedsExtensions);

        var rules = new[] { csrRule, Pass(RuleIds.Encoding, EncodingPassDetail(certificates)), ekuRule, kuRule, completeRule, lengthRule, issuedRule, cnRule };
        var chain = chainProblem is null ? path : [leaf];
        // With a CA certificate missing, the certificates found on the way up still say what they are (not "not on path").
        var summaries = Summaries(certificates, path, rooted: path.Count >= MinChainLength && issuers.IsSelfIssued(IndexIn(certificates, path[^1])));
        return new CertificateReport
        {
            Kind = UploadKind.Chain,
            Rules = rules,
            Leaf = leaf,
            Chain = chain,
            Certificates = summaries,
            FirstError = FirstError(ChainAnswers, rules),
        };
    }

    /// <summary>The rules of UploadCertificate. With several certificates in the file, the one carrying the CSR key is taken alone.</summary>
    /// <param name="read">The file as <see cref="UploadReader"/> read it.</param>
    /// <param name="csrKey">The appliance's CSR key as SubjectPublicKeyInfo DER; null when not known (offline check).</param>
    public static CertificateReport CheckSingle(UploadReadResult read, byte[]? csrKey)
    {
        if (!read.IsValid)
        {
            return Unreadable(UploadKind.Single, read);
        }
        var certificates = read.Certificates;
        var (leafIndex, csrRule) = FindLeaf(certificates, new IssuerIndex(certificates), csrKey);
        var leaf = certificates[leafIndex];
        const string singleNote = "Not checked for a single certificate (UploadCertificate).";

        var cnRule = CheckCommonNames([leaf], certificates);
        // An absent extension restricts nothing (RFC 5280, 4.2.1.3 and 4.2.1.12): Dell's TestCertPos, see ChainLeafNeedsExtensions.
        var ekuRule = CheckEku(leaf, UploadKind.Single, absentFails: false);
        var kuRule = CheckKeyUsage(leaf, UploadKind.Single, absentFails: false);

        var rules = new[]
        {
            csrRule, Pass(RuleIds.Encoding, EncodingPassDetail(certificates)), ekuRule, kuRule,
            NotChecked(RuleIds.CompleteChain, singleNote), NotChecked(RuleIds.ChainLength, singleNote),
            NotChecked(RuleIds.IssuedToIssuedBy, singleNote), cnRule,
        };
        return new CertificateReport
        {
            Kind = UploadKind.Single,
            Rules = rules,
            Leaf = leaf,
            Chain = [leaf],
            Certificates = Summaries(certificates, [leaf], rooted: false),
            FirstError = FirstError(SingleAnswers, rules),
        };
    }

    /// <summary>True when <paramref name="certificate"/> carries the key given as SubjectPublicKeyInfo DER.</summary>
    public static bool CarriesKey(X509Certificate2 certificate, byte[] subjectPublicKeyInfo)
    {
        try
        {
            var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            if (spki.AsSpan().SequenceEqual(subjectPublicKeyInfo))
            {
                return true;
            }
            // Same key, different encoding of the algorithm parameters (absent vs NULL): compare the key itself.
            var other = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return other.Oid.Value == certificate.PublicKey.Oid.Value
                && other.EncodedKeyValue.RawData.AsSpan().SequenceEqual(certificate.PublicKey.EncodedKeyValue.RawData);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static CertificateReport Unreadable(UploadKind kind, UploadReadResult read)
    {
        const string detail = "The file could not be read, so this was not checked.";
        var rules = RuleIds.All.Select(id => id == RuleIds.Encoding
            ? Fail(RuleIds.Encoding, read.Problem ?? "The file is invalid.", kind)
            : NotChecked(id, detail)).ToList();
        return new CertificateReport
        {
            Kind = kind,
            Rules = rules,
            Leaf = null,
            Chain = [],
            Certificates = [],
            FirstError = FirstError(kind == UploadKind.Chain ? ChainAnswers : SingleAnswers, rules),
        };
    }

    private static OmeError? FirstError((string RuleId, Func<OmeError> Error)[] answers, IReadOnlyList<RuleResult> rules)
    {
        foreach (var (ruleId, error) in answers)
        {
            if (rules.First(r => r.Id == ruleId).Outcome == RuleOutcome.Fail)
            {
                return error();
            }
        }
        return null;
    }

    private static (int Index, RuleResult Rule) FindLeaf(IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers, byte[]? csrKey)
    {
        if (csrKey is null)
        {
            var guess = CertificationPath.GuessLeaf(certificates, issuers);
            return (guess, NotChecked(RuleIds.CsrKey, $"The CSR key is not known (no CSR given); certificate {guess + 1} "
                + $"({Dn(certificates[guess].SubjectName)}) is taken as the leaf: it is not a CA and issues no other certificate of the file."));
        }
        for (var i = 0; i < certificates.Count; i++)
        {
            if (CarriesKey(certificates[i], csrKey))
            {
                return (i, Pass(RuleIds.CsrKey, $"Certificate {i + 1} ({Dn(certificates[i].SubjectName)}) carries the CSR key: it is the leaf."));
            }
        }
        var fallback = CertificationPath.GuessLeaf(certificates, issuers);
        return (fallback, Fail(RuleIds.CsrKey, certificates.Count == 1
            ? "The certificate does not carry the appliance's CSR key: it was not issued for this appliance's latest CSR."
            : $"No certificate of the file carries the appliance's CSR key. The remaining rules take certificate {fallback + 1} "
                + $"({Dn(certificates[fallback].SubjectName)}) as the leaf."));
    }

    private static RuleResult CheckCommonNames(IReadOnlyList<X509Certificate2> checkedCertificates, IReadOnlyList<X509Certificate2> file)
    {
        var problems = new List<string>();
        foreach (var certificate in checkedCertificates)
        {
            var position = IndexIn(file, certificate) + 1;
            var cn = CertificateNames.CommonNameOf(certificate.SubjectName);
            if (cn is null)
            {
                problems.Add($"certificate {position} ({Dn(certificate.SubjectName)}) has no common name");
            }
            else if (cn.Contains('*'))
            {
                problems.Add($"certificate {position} has the wildcard common name {cn}");
            }
        }
        return problems.Count == 0
            ? Pass(RuleIds.CommonName, checkedCertificates.Count == 1
                ? "The certificate has a common name without a wildcard."
                : checkedCertificates.Count == 2
                    ? "Both certificates have a common name without a wildcard."
                    : $"Each of the {checkedCertificates.Count} certificates has a common name without a wildcard.")
            : Fail(RuleIds.CommonName, char.ToUpperInvariant(problems[0][0]) + string.Join("; ", problems)[1..] + ".");
    }

    private static RuleResult CheckEku(X509Certificate2 leaf, UploadKind kind, bool absentFails)
    {
        const string oid = ExtensionReader.ExtendedKeyUsageOid;
        var eku = ExtensionReader.Find<X509EnhancedKeyUsageExtension>(leaf, oid, raw => new X509EnhancedKeyUsageExtension(raw, false));
        if (eku is null && !ExtensionReader.Has(leaf, oid))
        {
            return absentFails
                ? Fail(RuleIds.ExtendedKeyUsage, "The leaf has no extended key usage extension: a chain's leaf counts as lacking Server Authentication and "
                    + "Client Authentication.", kind)
                : Pass(RuleIds.ExtendedKeyUsage, "The certificate has no extended key usage extension, which restricts nothing (RFC 5280, 4.2.1.12).", kind);
        }
        if (eku is null)
        {
            return Fail(RuleIds.ExtendedKeyUsage, "The leaf's extended key usage extension does not decode: it lacks Server Authentication.", kind);
        }
        var oids = eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet();
        var missing = new List<string>();
        if (!oids.Contains(X509Builder.ServerAuthOid))
        {
            missing.Add("Server Authentication");
        }
        if (kind == UploadKind.Chain && !oids.Contains(X509Builder.ClientAuthOid))
        {
            missing.Add("Client Authentication");
        }
        var has = string.Join(", ", eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.FriendlyName is { Length: > 0 } f ? $"{f} ({o.Value})" : o.Value));
        return missing.Count == 0
            ? Pass(RuleIds.ExtendedKeyUsage, $"The leaf's extended key usage: {has}.", kind)
            : Fail(RuleIds.ExtendedKeyUsage, $"The leaf lacks {string.Join(" and ", missing)} in its extended key usage (it has: "
                + $"{(has.Length > 0 ? has : "none")}).", kind);
    }

    private static RuleResult CheckKeyUsage(X509Certificate2 leaf, UploadKind kind, bool absentFails)
    {
        const string oid = ExtensionReader.KeyUsageOid;
        var ku = ExtensionReader.Find<X509KeyUsageExtension>(leaf, oid, raw => new X509KeyUsageExtension(raw, false));
        if (ku is null && !ExtensionReader.Has(leaf, oid))
        {
            return absentFails
                ? Fail(RuleIds.KeyUsage, "The leaf has no key usage extension: a chain's leaf counts as lacking Key Encipherment.", kind)
                : Pass(RuleIds.KeyUsage, "The certificate has no key usage extension, which restricts nothing (RFC 5280, 4.2.1.3).", kind);
        }
        if (ku is null)
        {
            return Fail(RuleIds.KeyUsage, "The leaf's key usage extension does not decode: it lacks Key Encipherment.", kind);
        }
        return (ku.KeyUsages & X509KeyUsageFlags.KeyEncipherment) != 0
            ? Pass(RuleIds.KeyUsage, $"The leaf's key usage: {ku.KeyUsages}.", kind)
            : Fail(RuleIds.KeyUsage, $"The leaf's key usage ({ku.KeyUsages}) lacks Key Encipherment.", kind);
    }

    private static List<CertificateSummary> Summaries(IReadOnlyList<X509Certificate2> file, IReadOnlyList<X509Certificate2> path, bool rooted)
    {
        var result = new List<CertificateSummary>();
        for (var i = 0; i < path.Count; i++)
        {
            var role = i == 0 ? CertificateRole.Leaf : rooted && i == path.Count - 1 ? CertificateRole.Root : CertificateRole.Intermediate;
            result.Add(Summary(path[i], IndexIn(file, path[i]) + 1, role));
        }
        for (var i = 0; i < file.Count; i++)
        {
            if (!path.Any(p => ReferenceEquals(p, file[i])))
            {
                result.Add(Summary(file[i], i + 1, CertificateRole.NotOnPath));
            }
        }
        return result;
    }

    private static CertificateSummary Summary(X509Certificate2 certificate, int position, CertificateRole role) => new(
        position,
        role,
        Dn(certificate.SubjectName),
        Dn(certificate.IssuerName),
        certificate.Thumbprint,
        certificate.SerialNumber,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));

    private static int IndexIn(IReadOnlyList<X509Certificate2> file, X509Certificate2 certificate)
    {
        for (var i = 0; i < file.Count; i++)
        {
            if (ReferenceEquals(file[i], certificate))
            {
                return i;
            }
        }
        return -1;
    }

    private static string EncodingPassDetail(IReadOnlyList<X509Certificate2> certificates) =>
        $"Base 64 (PEM) file holding {certificates.Count} certificate(s).";

    private static string Dn(X500DistinguishedName name) => CertificateNames.Display(name);

    private static OmeError Cgen1008(string arg) => OmeError.Of(MessageRegistry.CGEN1008, arg);

    private static OmeError Csec9002() => OmeError.Of(MessageRegistry.CSEC9002);

    private static RuleResult Pass(string id, string detail, UploadKind kind = UploadKind.Chain) =>
        new(id, ArticleWords.RequirementOf(id), RuleOutcome.Pass, detail, ArticleWords.FixOf(id, kind));

    private static RuleResult Fail(string id, string detail, UploadKind kind = UploadKind.Chain) =>
        new(id, ArticleWords.RequirementOf(id), RuleOutcome.Fail, detail, ArticleWords.FixOf(id, kind));

    private static RuleResult NotChecked(string id, string detail) =>
        new(id, ArticleWords.RequirementOf(id), RuleOutcome.NotChecked, detail, ArticleWords.FixOf(id, UploadKind.Chain));
}
