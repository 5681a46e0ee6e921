using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>The leaf and the certification path (RFC 5280) from it up to a self-issued root, among one file's certificates in any order.</summary>
internal static class CertificationPath
{
    /// <summary>With the CSR key unknown: the first certificate that is not a CA and issues no other, else the first that issues no other.</summary>
    public static int GuessLeaf(IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers)
    {
        bool IssuesAnother(int i) => Enumerable.Range(0, certificates.Count).Any(j => j != i && issuers.IsIssuedBy(j, i));
        var notIssuing = Enumerable.Range(0, certificates.Count).Where(i => !IssuesAnother(i)).ToList();
        var nonCa = notIssuing.Where(i => !ExtensionReader.IsCa(certificates[i])).ToList();
        return nonCa.Count > 0 ? nonCa[0] : notIssuing.Count > 0 ? notIssuing[0] : 0;
    }

    /// <summary>The path from the leaf up through the file to a self-issued root; the problem when the file is not exactly that path.</summary>
    public static List<X509Certificate2> Build(IReadOnlyList<X509Certificate2> certificates, IssuerIndex issuers, int leafIndex, out string? problem)
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
        if (path.Count < CertificateRules.MinChainLength)
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

    private static string Dn(X500DistinguishedName name) => CertificateNames.Display(name);
}
