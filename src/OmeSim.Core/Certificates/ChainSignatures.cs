using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>The issued-to / issued-by rule's signature check, with the BCL's <see cref="X509Chain"/>.</summary>
internal static class ChainSignatures
{
    private static readonly X509ChainStatusFlags DateFlags =
        X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested | X509ChainStatusFlags.CtlNotTimeValid;

    /// <summary>Checks every signature along the path, the last certificate as the only trust anchor; dates are not checked at upload.</summary>
    /// <returns>Null when the path validates; else what is wrong.</returns>
    public static string? Verify(List<X509Certificate2> path)
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
                    .Select(s => $"{CertificateNames.Display(x.Element.Certificate.SubjectName)}: {s.Status} ({s.StatusInformation.Trim()})"))
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
}
