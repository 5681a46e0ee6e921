using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

/// <summary>
/// The requirements of Dell KB 000221202 as code, shared by UploadCertChain, UploadCertificate and <c>omesim check</c>.
/// Every rule is evaluated (the offline check reports all); <see cref="CertificateReport.FirstError"/> is what OME answers:
/// the first failure in the order encoding, CSR key, chain, common name, EKU, key usage (modelled).
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

    private static readonly X509ChainStatusFlags DateFlags =
        X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested | X509ChainStatusFlags.CtlNotTimeValid;

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

        var path = BuildPath(certificates, issuers, leafIndex, out var chainProblem);
        var lengthRule = certificates.Count > MaxChainLength
            ? Fail(RuleIds.ChainLength, $"The file holds {certificates.Count} certificates; OME accepts at most {MaxChainLength}, root included.")
            : Pass(RuleIds.ChainLength, $"{certificates.Count} certificate(s), at most {MaxChainLength} allowed.");
        var completeRule = chainProblem is null
            ? Pass(RuleIds.CompleteChain, $"The file holds the leaf, {path.Count - 2} intermediate(s) and the self-signed root, each issued by the next.")
            : Fail(RuleIds.CompleteChain, chainProblem);
        RuleResult issuedRule;
        if (chainProblem is null)
        {
            var signatureProblem = VerifySignatures(path);
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

        OmeError? first =
            csrRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.InvalidCsrKey)
            : new[] { completeRule, lengthRule, issuedRule }.Any(r => r.Outcome == RuleOutcome.Fail) ? Cgen1008(MessageArgs.InvalidChain)
            : cnRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.CommonNameNotFound)
            : ekuRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.NoClientServerEku)
            : kuRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.NotWebServerCertificate)
            : null;

        var rules = new[] { csrRule, Pass(RuleIds.Encoding, EncodingPassDetail(certificates)), ekuRule, kuRule, completeRule, lengthRule, issuedRule, cnRule };
        var chain = chainProblem is null ? path : [leaf];
        // With a CA certificate missing, the certificates found on the way up still say what they are (not "not on path").
        var summaries = Summaries(certificates, path, rooted: path.Count >= MinChainLength && issuers.IsSelfIssued(IndexIn(certificates, path[^1])));
        return new CertificateReport(UploadKind.Chain, rules, leaf, chain, summaries, first);
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

        OmeError? first =
            csrRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.InvalidCsrKey)
            : cnRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.CommonNameNotFound)
            : ekuRule.Outcome == RuleOutcome.Fail ? Cgen1008(MessageArgs.NoClientServerEku)
            : kuRule.Outcome == RuleOutcome.Fail ? OmeError.Of(MessageRegistry.CSEC9002)
            : null;

        var rules = new[]
        {
            csrRule, Pass(RuleIds.Encoding, EncodingPassDetail(certificates)), ekuRule, kuRule,
            NotChecked(RuleIds.CompleteChain, singleNote), NotChecked(RuleIds.ChainLength, singleNote),
            NotChecked(RuleIds.IssuedToIssuedBy, singleNote), cnRule,
        };
        return new CertificateReport(UploadKind.Single, rules, leaf, [leaf], Summaries(certificates, [leaf], rooted: false), first);
    }

    /// <summary>The requirement as the article states it.</summary>
    public static string RequirementOf(string ruleId) => ruleId switch
    {
        RuleIds.CsrKey => "CSR key match: the certificate was issued for the CSR this appliance generated.",
        RuleIds.Encoding => "Certificate encoding: the file is Base 64 (PEM) encoded.",
        RuleIds.ExtendedKeyUsage => "Extended key usage: the leaf has Server Authentication and Client Authentication (a single server certificate: Server "
            + "Authentication, or no extended key usage extension at all).",
        RuleIds.KeyUsage => "Key usage: the leaf's key usage includes Key Encipherment (a single server certificate may have no key usage extension at all).",
        RuleIds.CompleteChain => "Complete chain: the leaf, every intermediate CA certificate and the root CA certificate.",
        RuleIds.ChainLength => $"Chain length: at most {MaxChainLength} certificates in the chain.",
        RuleIds.IssuedToIssuedBy => "Issued to / issued by: every certificate of the chain validates up to the root (the trust anchor).",
        RuleIds.CommonName => "Common name: every certificate has a common name, without a wildcard (*).",
        _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, null),
    };

    /// <summary>How to fix a failure, in the article's words.</summary>
    public static string FixOf(string ruleId, UploadKind kind = UploadKind.Chain) => ruleId switch
    {
        RuleIds.CsrKey => "Make sure the certificate was generated from a CSR made in the OpenManage Enterprise web UI of this appliance. OpenManage "
            + "Enterprise does not allow uploading a certificate that was not generated from its CSR.",
        RuleIds.Encoding => "Make sure the certificate file is saved with Base 64 encoding when you export it from the certificate authority.",
        RuleIds.ExtendedKeyUsage when kind == UploadKind.Single => "The certificate's extended key usage must include Server Authentication, or the "
            + "certificate must have no extended key usage extension. Make sure Server Authentication is enabled in the template used to generate the "
            + "certificate. " + EkuDifference,
        RuleIds.ExtendedKeyUsage => "The certificate must include both Server Authentication and Client Authentication in its extended key usage. If either "
            + "is missing, make sure both are enabled in the template used to generate the certificate. " + EkuDifference,
        RuleIds.KeyUsage when kind == UploadKind.Single => "Make sure Key Encipherment is enabled in the template used to generate the certificate. To use "
            + "the certificate for migration, upload the full certificate chain rather than a single server certificate.",
        RuleIds.KeyUsage => "The certificate to upload must list Key Encipherment in its key usage. Make sure Key Encipherment is enabled in the template "
            + "used to generate the certificate. A single certificate without key usage is accepted; a chain's leaf must list Key Encipherment.",
        RuleIds.CompleteChain => "Include the root certificate authority certificate and every intermediate certificate authority certificate with the "
            + "certificate.",
        RuleIds.ChainLength => $"OpenManage Enterprise supports at most {MaxChainLength} certificates in a certificate chain.",
        RuleIds.IssuedToIssuedBy => "The root certificate is the trust anchor that every certificate of the chain is validated against. Make sure the "
            + "certificate chain includes the root certificate.",
        RuleIds.CommonName => "Every certificate must include a common name, without a wildcard (*). OpenManage Enterprise does not support wildcard (*) "
            + "certificates.",
        _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, null),
    };

    private const string EkuDifference = "A single certificate without EKU is accepted; a chain's leaf must carry Server and Client Authentication.";

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

    /// <summary>True when the certificate says it is a CA (basic constraints CA=true).</summary>
    public static bool IsCa(X509Certificate2 certificate) =>
        SafeExtension<X509BasicConstraintsExtension>(certificate, "2.5.29.19", raw => new X509BasicConstraintsExtension(raw, false))
            ?.CertificateAuthority == true;

    private static CertificateReport Unreadable(UploadKind kind, UploadReadResult read)
    {
        const string detail = "The file could not be read, so this was not checked.";
        var rules = RuleIds.All.Select(id => id == RuleIds.Encoding
            ? Fail(RuleIds.Encoding, read.Problem ?? "The file is invalid.", kind)
            : NotChecked(id, detail)).ToList();
        return new CertificateReport(kind, rules, null, [], [], read.Error!);
    }

    private static (int Index, RuleResult Rule) FindLeaf(IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers, byte[]? csrKey)
    {
        if (csrKey is null)
        {
            var guess = GuessLeaf(certificates, issuers);
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
        var fallback = GuessLeaf(certificates, issuers);
        return (fallback, Fail(RuleIds.CsrKey, certificates.Count == 1
            ? "The certificate does not carry the appliance's CSR key: it was not issued for this appliance's latest CSR."
            : $"No certificate of the file carries the appliance's CSR key. The remaining rules take certificate {fallback + 1} "
                + $"({Dn(certificates[fallback].SubjectName)}) as the leaf."));
    }

    /// <summary>With the CSR key unknown: the first certificate that is not a CA and issues no other, else the first that issues no other.</summary>
    private static int GuessLeaf(IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers)
    {
        bool IssuesAnother(int i) => Enumerable.Range(0, certificates.Count).Any(j => j != i && issuers.IsIssuedBy(j, i));
        var notIssuing = Enumerable.Range(0, certificates.Count).Where(i => !IssuesAnother(i)).ToList();
        var nonCa = notIssuing.Where(i => !IsCa(certificates[i])).ToList();
        return nonCa.Count > 0 ? nonCa[0] : notIssuing.Count > 0 ? notIssuing[0] : 0;
    }

    /// <summary>The path from the leaf up through the file to a self-issued root; the problem when the file is not exactly that path.</summary>
    private static List<X509Certificate2> BuildPath(
        IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers, int leafIndex, out string? problem)
    {
        problem = null;
        var used = new HashSet<int> { leafIndex };
        var path = new List<X509Certificate2> { certificates[leafIndex] };
        var currentIndex = leafIndex;
        while (!issuers.IsSelfIssued(currentIndex))
        {
            var current = certificates[currentIndex];
            var next = Enumerable.Range(0, certificates.Count).FirstOrDefault(i => !used.Contains(i) && issuers.IsIssuedBy(currentIndex, i), -1);
            if (next < 0)
            {
                var loop = used.FirstOrDefault(i => issuers.IsIssuedBy(currentIndex, i), -1);
                problem = loop >= 0
                    ? $"The certificates form a cycle: {Dn(current.SubjectName)} is issued by {Dn(current.IssuerName)}, which is already on the path; there "
                        + "is no self-signed root."
                    : $"No certificate in the file issued {Dn(current.SubjectName)} (issuer {Dn(current.IssuerName)}): an intermediate or the root "
                        + "certificate is missing.";
                return path;
            }
            used.Add(next);
            currentIndex = next;
            path.Add(certificates[next]);
        }
        if (path.Count < MinChainLength)
        {
            problem = "The leaf is self-signed and the file holds no CA certificate: a chain needs the issuing CA certificates and the root.";
            return path;
        }
        var extras = Enumerable.Range(0, certificates.Count).Where(i => !used.Contains(i)).ToList();
        if (extras.Count > 0)
        {
            var described = extras.Select(i => path.Any(p => p.RawData.AsSpan().SequenceEqual(certificates[i].RawData))
                ? $"certificate {i + 1} ({Dn(certificates[i].SubjectName)}) is a duplicate"
                : $"certificate {i + 1} ({Dn(certificates[i].SubjectName)}) is not on the path from the leaf to the root");
            problem = "The file holds certificates beyond the chain: " + string.Join("; ", described) + ".";
        }
        return path;
    }

    /// <summary>Checks every signature along the path, the last certificate as the only trust anchor; dates are not checked at upload.</summary>
    private static string? VerifySignatures(List<X509Certificate2> path)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(path[^1]);
        for (var i = 1; i < path.Count - 1; i++)
        {
            policy.ExtraStore.Add(path[i]);
        }
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationFlags =
            X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreNotTimeNested | X509VerificationFlags.IgnoreCtlNotTimeValid;
        try
        {
            var built = chain.Build(path[0]);
            var problems = chain.ChainElements
                .Select((e, i) => (Element: e, Index: i))
                .SelectMany(x => x.Element.ChainElementStatus
                    .Where(s => (s.Status & ~DateFlags) != X509ChainStatusFlags.NoError)
                    .Select(s => $"{Dn(x.Element.Certificate.SubjectName)}: {s.Status} ({s.StatusInformation.Trim()})"))
                .Distinct()
                .ToList();
            if (!built || problems.Count > 0)
            {
                return "The chain does not validate up to its root: "
                    + (problems.Count > 0 ? string.Join("; ", problems) : "the chain could not be built") + ".";
            }
            var builtPath = chain.ChainElements.Select(e => e.Certificate.Thumbprint).ToList();
            if (!builtPath.SequenceEqual(path.Select(c => c.Thumbprint)))
            {
                return "The chain validates along another path than the certificates of the file.";
            }
            return null;
        }
        catch (CryptographicException e)
        {
            return $"The chain could not be validated: {e.Message}";
        }
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
        const string oid = "2.5.29.37";
        var eku = SafeExtension<X509EnhancedKeyUsageExtension>(leaf, oid, raw => new X509EnhancedKeyUsageExtension(raw, false));
        if (eku is null && !HasExtension(leaf, oid))
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
        const string oid = "2.5.29.15";
        var ku = SafeExtension<X509KeyUsageExtension>(leaf, oid, raw => new X509KeyUsageExtension(raw, false));
        if (ku is null && !HasExtension(leaf, oid))
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

    private static bool HasExtension(X509Certificate2 certificate, string oid)
    {
        try
        {
            return certificate.Extensions.Any(e => e.Oid?.Value == oid);
        }
        catch (CryptographicException)
        {
            return true;
        }
    }

    private static T? SafeExtension<T>(X509Certificate2 certificate, string oid, Func<AsnEncodedData, T> decode)
        where T : X509Extension
    {
        try
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value == oid)
                {
                    return extension as T ?? decode(new AsnEncodedData(extension.Oid, extension.RawData));
                }
            }
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Who issued whom among one file's certificates, for one check. Path building and leaf guessing compare every pair: each
    /// certificate's names and key identifiers are decoded once, on first use, and live only as long as the check.
    /// </summary>
    private sealed class IssuerIndex(IReadOnlyList<X509Certificate2> certificates)
    {
        private readonly Links?[] _links = new Links?[certificates.Count];

        public bool IsSelfIssued(int index) => Of(index) is var links && links.Subject == links.Issuer;

        /// <summary>Names match, and so do the key identifiers when both are present.</summary>
        public bool IsIssuedBy(int subject, int issuer)
        {
            var (issued, issuing) = (Of(subject), Of(issuer));
            return issued.Issuer == issuing.Subject
                && (issued.AuthorityKeyId is null || issuing.SubjectKeyId is null || issued.AuthorityKeyId.AsSpan().SequenceEqual(issuing.SubjectKeyId));
        }

        private Links Of(int index) => _links[index] ??= Links.Of(certificates[index]);
    }

    /// <summary>One certificate's names as compared (RFC 4514, upper case) and key identifiers (null when absent or unreadable).</summary>
    private sealed record Links(string Subject, string Issuer, byte[]? AuthorityKeyId, byte[]? SubjectKeyId)
    {
        public static Links Of(X509Certificate2 certificate) => new(
            CertificateNames.Rfc4514(certificate.SubjectName).ToUpperInvariant(),
            CertificateNames.Rfc4514(certificate.IssuerName).ToUpperInvariant(),
            ReadAuthorityKeyId(certificate),
            ReadSubjectKeyId(certificate));
    }

    private static byte[]? ReadSubjectKeyId(X509Certificate2 certificate)
    {
        var ski = SafeExtension<X509SubjectKeyIdentifierExtension>(certificate, "2.5.29.14", raw => new X509SubjectKeyIdentifierExtension(raw, false));
        try
        {
            return ski?.SubjectKeyIdentifierBytes.ToArray();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[]? ReadAuthorityKeyId(X509Certificate2 certificate)
    {
        var aki = SafeExtension<X509AuthorityKeyIdentifierExtension>(certificate, "2.5.29.35", raw => new X509AuthorityKeyIdentifierExtension(raw.RawData));
        try
        {
            return aki?.KeyIdentifier?.ToArray();
        }
        catch (CryptographicException)
        {
            return null;
        }
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

    private static RuleResult Pass(string id, string detail, UploadKind kind = UploadKind.Chain) =>
        new(id, RequirementOf(id), RuleOutcome.Pass, detail, FixOf(id, kind));

    private static RuleResult Fail(string id, string detail, UploadKind kind = UploadKind.Chain) =>
        new(id, RequirementOf(id), RuleOutcome.Fail, detail, FixOf(id, kind));

    private static RuleResult NotChecked(string id, string detail) => new(id, RequirementOf(id), RuleOutcome.NotChecked, detail, FixOf(id));
}
