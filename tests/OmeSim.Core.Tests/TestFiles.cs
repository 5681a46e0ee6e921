using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests;

/// <summary>Certificate files and odd certificates made at test time; nothing is checked in.</summary>
public static class TestFiles
{
    private static readonly Lazy<ECDsa> LazyEcKey = new(() => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    private static readonly Lazy<X509Certificate2> LazyInterCa1WithKey = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("omesim-test-ca-");
        try
        {
            TestPki.Ca.Save(folder.FullName);
            return X509Certificate2.CreateFromPemFile(
                Path.Combine(folder.FullName, TestCa.InterCa1CertFile), Path.Combine(folder.FullName, TestCa.InterCa1KeyFile));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    });

    /// <summary>A cheap key for certificates whose key does not matter.</summary>
    public static ECDsa EcKey => LazyEcKey.Value;

    /// <summary>The run's Inter-CA1 with its private key, read from the files the test CA saves, to sign leaves no profile makes.</summary>
    public static X509Certificate2 InterCa1WithKey => LazyInterCa1WithKey.Value;

    public static string Pkcs7Pem(IEnumerable<X509Certificate2> certificates, string label = PemText.Pkcs7Label) =>
        Pkcs7Bundle.ToPem(certificates, label);

    /// <summary>A leaf for the appliance's CSR key, issued by Inter-CA1, with whatever usages the test needs.</summary>
    public static X509Certificate2 CustomLeaf(
        string? commonName = TestPki.ApplianceName,
        X509KeyUsageFlags? keyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
        string[]? eku = null)
    {
        var name = new X500DistinguishedNameBuilder();
        if (commonName is null)
        {
            name.AddOrganizationName("Example");
        }
        else
        {
            name.AddCommonName(commonName);
        }
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest(name.Build(), new PublicKey(TestPki.CsrKey), HashAlgorithmName.SHA256);
        if (keyUsage is { } ku)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(ku, true));
        }
        if (eku is not null)
        {
            var oids = new OidCollection();
            foreach (var oid in eku)
            {
                oids.Add(new Oid(oid));
            }
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        using var signer = X509Builder.Signer.From(InterCa1WithKey);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(signer.KeyIdentifier));
        return request.Create(signer.Name, signer.Generator, now.AddDays(-1), now.AddDays(30), [1, 2, 3]);
    }

    public static readonly string[] ServerAndClient = [X509Builder.ServerAuthOid, X509Builder.ClientAuthOid];

    /// <summary>
    /// A CA certificate named <paramref name="subject"/>, issued (by name and key id) by <paramref name="issuer"/> but signed by
    /// <paramref name="signingKey"/>.
    /// </summary>
    public static X509Certificate2 CaCertificate(string subject, string issuer, ECDsa subjectKey, ECDsa signingKey, byte[] issuerKeyId) =>
        CaCertificate(subject, issuer, new PublicKey(subjectKey), signingKey, issuerKeyId);

    public static X509Certificate2 CaCertificate(string subject, string issuer, PublicKey subjectKey, ECDsa signingKey, byte[] issuerKeyId)
    {
        var now = DateTimeOffset.UtcNow;
        var spec = new X509Builder.Spec(new X500DistinguishedName(subject), subjectKey, now.AddDays(-1), now.AddDays(30))
        {
            IsCa = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        };
        var signer = new X509Builder.Signer(new X500DistinguishedName(issuer), X509SignatureGenerator.CreateForECDsa(signingKey), issuerKeyId);
        return X509Builder.Create(spec, signer);
    }

    public static byte[] KeyId(ECDsa key) => new X509SubjectKeyIdentifierExtension(new PublicKey(key), false).SubjectKeyIdentifierBytes.ToArray();

    public static string Pem(IssuedChain chain) => chain.ToPem();
}
