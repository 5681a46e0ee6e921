using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Testing;

/// <summary>
/// The one test PKI of both test projects (this file is compiled into each): one test CA and one appliance CSR key per
/// test run, made at test time (an RSA-2048 key costs about 0.2 s here; no certificate is checked in). Tests that are
/// about keys make their own.
/// </summary>
public static partial class TestPki
{
    public const string ApplianceName = "ome.example.com";

    private static readonly Lazy<TestCa> LazyCa = new(() => TestCa.Create());
    private static readonly Lazy<RSA> LazyCsrKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> LazyPeerKey = new(() => RSA.Create(2048));
    private static readonly Lazy<string> LazyCsr = new(MakeCsr);
    private static readonly ConcurrentDictionary<string, IssuedChain> Chains = new();

    public static TestCa Ca => LazyCa.Value;

    /// <summary>The appliance's CSR key.</summary>
    public static RSA CsrKey => LazyCsrKey.Value;

    /// <summary>A second appliance's key (the migration peer).</summary>
    public static RSA PeerKey => LazyPeerKey.Value;

    public static byte[] CsrKeySpki => CsrKey.ExportSubjectPublicKeyInfo();

    /// <summary>A standard-PEM CSR for the appliance, with two DNS SANs.</summary>
    public static string Csr => LazyCsr.Value;

    /// <summary>The chain the shared CA issues for the appliance's CSR under <paramref name="profile"/> (made once).</summary>
    public static IssuedChain Chain(string profile) => Chains.GetOrAdd(profile, p => Ca.Sign(Csr, p));

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static string Pem(params X509Certificate2[] certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    private static string MakeCsr()
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(ApplianceName);
        subject.AddOrganizationName("Example");
        subject.AddCountryOrRegion("US");
        var request = new CertificateRequest(subject.Build(), CsrKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(ApplianceName);
        san.AddDnsName("ome2.example.com");
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }
}
