using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Benchmarks;

/// <summary>Certificates for the benchmarks, made at start by OmeSim's own test CA and builder; nothing is checked in.</summary>
internal static class Pki
{
    private static readonly Lazy<TestCa> LazyCa = new(() => TestCa.Create());
    private const X509KeyUsageFlags CaKeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;

    public static TestCa Ca => LazyCa.Value;

    /// <summary>Leaf, intermediates, root (leaf first), each CA with its key; the leaf with <paramref name="leafKey"/>.</summary>
    public static List<X509Certificate2> Chain(int depth, RSA leafKey, string commonName = "omesim-bench.example.com")
    {
        if (depth == 3)
        {
            return [.. Ca.Issue(TestCa.Good, leafKey, commonName).Certificates];
        }
        var now = DateTimeOffset.UtcNow;
        var rootName = new X500DistinguishedNameBuilder();
        rootName.AddCommonName("Bench Root CA");
        using var rootKey = RSA.Create(2048);
        var root = X509Builder.Create(
            new X509Builder.Spec(rootName.Build(), new PublicKey(rootKey), now.AddDays(-1), now.AddYears(5)) { IsCa = true, KeyUsage = CaKeyUsage },
            null,
            X509SignatureGenerator.CreateForRSA(rootKey, RSASignaturePadding.Pkcs1)).CopyWithPrivateKey(rootKey);
        var above = new List<X509Certificate2> { root };
        var issuer = root;
        for (var i = 1; i <= depth - 2; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var name = new X500DistinguishedNameBuilder();
            name.AddCommonName($"Bench-CA{i}");
            using var ca = X509Builder.Create(
                new X509Builder.Spec(name.Build(), new PublicKey(key), now.AddDays(-1), now.AddYears(4)) { IsCa = true, KeyUsage = CaKeyUsage },
                issuer);
            issuer = ca.CopyWithPrivateKey(key);
            above.Insert(0, issuer);
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var leaf = X509Builder.Create(
            new X509Builder.Spec(subject.Build(), new PublicKey(leafKey), now.AddDays(-1), now.AddYears(1))
            {
                KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
                Eku = [X509Builder.ServerAuthOid, X509Builder.ClientAuthOid],
                San = X509Builder.DnsSan([commonName]),
            },
            issuer);
        return [leaf, .. above.Select(c => X509CertificateLoader.LoadCertificate(c.RawData))];
    }

    public static string Pem(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => PemText.Armour(PemText.CertificateLabel, c.RawData)));

    /// <summary>A certificates-only PKCS #7 SignedData (a Windows CA's .p7b), PEM-armoured.</summary>
    public static string Pkcs7Pem(IEnumerable<X509Certificate2> certificates) => Pkcs7Bundle.ToPem(certificates);
}
