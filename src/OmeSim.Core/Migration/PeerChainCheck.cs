using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Migration;

/// <summary>
/// The peer-chain check of migration (docs/migration.md#the-peer-chain-check), done by each side on its own clock
/// against its own trusted roots: both paths build without error, have the same length (at most 10 with the root), the same
/// issuer at every level and the same subject from the first CA level up. Host names and SANs are not checked.
/// </summary>
public static class PeerChainCheck
{
    /// <summary>The article's "at most 10 leaf certificates in a chain", read as 10 certificates with the root (modelled).</summary>
    public const int MaxDepth = CertificateRules.MaxChainLength;

    /// <param name="ownChain">This appliance's leaf and intermediates (what it presents), leaf first.</param>
    /// <param name="ownRoots">This appliance's trusted root store (the root of its uploaded chain).</param>
    /// <param name="presented">The certificates the peer presented in the TLS handshake, leaf first.</param>
    /// <param name="now">This appliance's clock.</param>
    public static PeerChainResult Check(
        IReadOnlyList<X509Certificate2> ownChain,
        IReadOnlyList<X509Certificate2> ownRoots,
        IReadOnlyList<X509Certificate2> presented,
        DateTimeOffset now)
    {
        if (presented.Count == 0)
        {
            return Fail(PeerCheckFailure.NothingPresented, "The peer presented no certificate.", now, [], []);
        }
        if (ownRoots.Count == 0 || ownChain.Count == 0)
        {
            return Fail(PeerCheckFailure.NoTrustedRoot,
                "This appliance has no trusted root: it is still on its self-signed factory certificate or has a single certificate and no uploaded chain.",
                now, [], []);
        }

        var (peerOk, peerPath) = Build(presented, ownRoots, now);
        var (ownOk, ownPath) = Build(ownChain, ownRoots, now);
        if (!peerOk)
        {
            return Fail(PeerCheckFailure.PeerPath, "The peer's chain does not validate against this appliance's trusted root at " + OmeTime.IsoSeconds(now)
                + ": " + Problems(peerPath, presented[0]) + Roots(peerPath, ownRoots), now, ownPath, peerPath);
        }
        if (!ownOk)
        {
            return Fail(PeerCheckFailure.OwnPath, "This appliance's own chain does not validate at " + OmeTime.IsoSeconds(now) + ": "
                + Problems(ownPath, ownChain[0]), now, ownPath, peerPath);
        }
        if (MissingUsages(presented[0]) is { Count: > 0 } missing)
        {
            return Fail(PeerCheckFailure.PeerUsage, $"The peer's leaf ({Dn(presented[0].SubjectName)}) lacks {string.Join(" and ", missing)} in its "
                + "extended key usage: each appliance is TLS server and client in a migration, so its leaf needs both.", now, ownPath, peerPath);
        }
        if (ownPath.Count > MaxDepth || peerPath.Count > MaxDepth)
        {
            return Fail(PeerCheckFailure.Depth, $"A chain is longer than {MaxDepth} certificates with the root: own {ownPath.Count}, peer {peerPath.Count}.",
                now, ownPath, peerPath);
        }
        if (ownPath.Count != peerPath.Count)
        {
            return Fail(PeerCheckFailure.Length, $"The chains differ in length: own {ownPath.Count} certificates, peer {peerPath.Count}.", now, ownPath,
                peerPath);
        }
        var mismatches = new List<string>();
        var (ownMarked, peerMarked) = (ownPath.ToList(), peerPath.ToList());
        for (var i = 0; i < ownPath.Count; i++)
        {
            var (own, peer) = (ownPath[i], peerPath[i]);
            var differ = new List<string>();
            if (!CertificateNames.SameName(own.Issuer, peer.Issuer))
            {
                mismatches.Add($"level {own.Level}: issuer {own.Issuer} (own) vs {peer.Issuer} (peer)");
                differ.Add("issuer");
            }
            if (i > 0 && !CertificateNames.SameName(own.Subject, peer.Subject))
            {
                mismatches.Add($"level {own.Level}: subject {own.Subject} (own) vs {peer.Subject} (peer)");
                differ.Add("subject");
            }
            if (differ.Count > 0)
            {
                // Each level of both paths carries its own mark, so that a report can show the two chains side by side.
                var problem = differ.Count == 1
                    ? $"the {differ[0]} differs from the other chain's at this level"
                    : "the issuer and the subject differ from the other chain's at this level";
                ownMarked[i] = own with { Problems = [.. own.Problems, problem] };
                peerMarked[i] = peer with { Problems = [.. peer.Problems, problem] };
            }
        }
        if (mismatches.Count > 0)
        {
            return Fail(PeerCheckFailure.Names, "The chains are not issued by the same certificate authorities: " + string.Join("; ", mismatches) + ".", now,
                ownMarked, peerMarked);
        }
        return new PeerChainResult(PeerCheckFailure.None,
            $"Both chains validate at {OmeTime.IsoSeconds(now)} and name the same certificate authorities at each of their {ownPath.Count} levels.", now,
            ownPath, peerPath);
    }

    private static (bool Ok, List<PathElement> Path) Build(IReadOnlyList<X509Certificate2> certificates, IReadOnlyList<X509Certificate2> roots,
        DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(roots.ToArray());
        policy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        // A Utc-kind DateTime: X509Chain reads an Unspecified kind as local time.
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        bool built;
        try
        {
            built = chain.Build(certificates[0]);
        }
        catch (CryptographicException e)
        {
            return (false, [Element(1, certificates[0], [e.Message])]);
        }
        var path = new List<PathElement>();
        for (var i = 0; i < chain.ChainElements.Count; i++)
        {
            var element = chain.ChainElements[i];
            var problems = element.ChainElementStatus
                .Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => Describe(s, element.Certificate, now))
                .ToList();
            path.Add(Element(i + 1, element.Certificate, problems));
        }
        var chainProblems = chain.ChainStatus.Any(s => s.Status != X509ChainStatusFlags.NoError);
        return (built && !chainProblems && path.All(p => p.Problems.Count == 0), path);
    }

    // As for an uploaded chain's leaf, a leaf without the extension counts as lacking both (docs/certificate-rules.md).
    private static List<string> MissingUsages(X509Certificate2 leaf)
    {
        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages
            .Cast<Oid>().Select(o => o.Value).ToHashSet() ?? [];
        var missing = new List<string>();
        if (!usages.Contains(X509Builder.ServerAuthOid))
        {
            missing.Add("Server Authentication");
        }
        if (!usages.Contains(X509Builder.ClientAuthOid))
        {
            missing.Add("Client Authentication");
        }
        return missing;
    }

    private static string Describe(X509ChainStatus status, X509Certificate2 certificate, DateTimeOffset now)
    {
        if (status.Status.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            var notBefore = Utc(certificate.NotBefore);
            var notAfter = Utc(certificate.NotAfter);
            var state = now < notBefore ? "not yet valid" : "expired";
            return $"{state} (valid {OmeTime.IsoSeconds(notBefore)} to {OmeTime.IsoSeconds(notAfter)})";
        }
        return status.Status switch
        {
            X509ChainStatusFlags.UntrustedRoot => "does not lead to a trusted root of this appliance",
            X509ChainStatusFlags.NotSignatureValid => "its signature does not verify with its issuer's public key (a bad signature)",
            X509ChainStatusFlags.PartialChain => "no path to a trusted root of this appliance (a CA certificate is missing or not trusted)",
            _ => $"{status.Status}: {status.StatusInformation.Trim()}",
        };
    }

    private static string Problems(List<PathElement> path, X509Certificate2 start)
    {
        var problems = path.Where(p => p.Problems.Count > 0).Select(p => $"level {p.Level} ({p.Subject}): {string.Join(", ", p.Problems)}").ToList();
        return problems.Count > 0 ? string.Join("; ", problems) + "." : $"no path from {Dn(start.SubjectName)} to a trusted root.";
    }

    /// <summary>
    /// Where the peer's chain ends and which root this appliance trusts, when the two differ: two test CAs (or two
    /// runs of one) name their roots alike, so the thumbprint tells them apart.
    /// </summary>
    private static string Roots(List<PathElement> peerPath, IReadOnlyList<X509Certificate2> ownRoots)
    {
        if (peerPath.Count == 0 || ownRoots.Any(r => string.Equals(r.Thumbprint, peerPath[^1].Thumbprint, StringComparison.OrdinalIgnoreCase)))
        {
            return "";
        }
        var top = peerPath[^1];
        var trusted = string.Join("; ", ownRoots.Select(r => $"{Dn(r.SubjectName)} (SHA-1 {r.Thumbprint})"));
        if (CertificateNames.SameName(top.Subject, top.Issuer))
        {
            return $" The peer's chain ends at the root {top.Subject} (SHA-1 {top.Thumbprint}); this appliance trusts {trusted}.";
        }
        var sameName = ownRoots.Any(r => CertificateNames.SameName(Dn(r.SubjectName), top.Issuer));
        return $" The peer's chain ends at {top.Subject}, issued by {top.Issuer}; this appliance trusts {trusted}"
            + (sameName ? ", a root of that name that did not sign it: the chains come from different roots." : ".");
    }

    private static PathElement Element(int level, X509Certificate2 certificate, IReadOnlyList<string> problems) => new(
        level,
        Dn(certificate.SubjectName),
        Dn(certificate.IssuerName),
        certificate.Thumbprint,
        Utc(certificate.NotBefore),
        Utc(certificate.NotAfter),
        problems);


    private static string Dn(X500DistinguishedName name) => CertificateNames.Display(name);

    private static DateTimeOffset Utc(DateTime local) => new(local.ToUniversalTime(), TimeSpan.Zero);


    private static PeerChainResult Fail(PeerCheckFailure failure, string reason, DateTimeOffset now, IReadOnlyList<PathElement> own,
        IReadOnlyList<PathElement> peer) =>
        new(failure, reason, now, own, peer);
}
