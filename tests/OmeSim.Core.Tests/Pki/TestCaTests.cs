using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Pki;

public class TestCaTests
{
    private static TestCa Ca => TestPki.Ca;

    [Fact]
    public void The_root_is_self_signed_and_named_as_the_article_has_it()
    {
        Assert.Equal("CN=OmeSim Root CA, O=OmeSim", Ca.Root.Subject);
        Assert.Equal(Ca.Root.Subject, Ca.Root.Issuer);
        Assert.Equal(["CN=Inter-CA1", "CN=Inter-CA2"], Ca.Intermediates.Select(c => c.Subject));
        Assert.All(Ca.Intermediates, c => Assert.Equal(Ca.Root.Subject, c.Issuer));
        Assert.False(Ca.Root.HasPrivateKey);
        Assert.All(Ca.Intermediates, c => Assert.False(c.HasPrivateKey));
    }

    [Fact]
    public void A_good_chain_is_leaf_inter_ca1_root_with_the_csr_subject_key_and_sans()
    {
        var chain = TestPki.Chain(TestCa.Good);

        Assert.Equal(3, chain.Certificates.Count);
        Assert.Equal("CN=Inter-CA1", chain.Leaf.Issuer);
        Assert.Equal(Ca.InterCa1.Thumbprint, chain.Certificates[1].Thumbprint);
        Assert.Equal(Ca.Root.Thumbprint, chain.Certificates[2].Thumbprint);
        Assert.Equal("CN=ome.example.com, O=Example, C=US", chain.Leaf.Subject);
        Assert.True(CertificateRules.CarriesKey(chain.Leaf, TestPki.CsrKeySpki));
        Assert.Equal(["ome.example.com", "ome2.example.com"], CertificateNames.DnsNamesOf(chain.Leaf));
        var eku = chain.Leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var ku = chain.Leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, ku.KeyUsages);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Every_certificate_issued_carries_ski_aki_basic_constraints_and_key_usage(string profile)
    {
        foreach (var certificate in TestPki.Chain(profile).Certificates)
        {
            var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
            Assert.True(basic.Critical);
            var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
            var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
            Assert.NotNull(aki.KeyIdentifier);
            var ku = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
            Assert.True(ku.Critical);
            if (basic.CertificateAuthority)
            {
                Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ku.KeyUsages);
            }
            if (certificate.Subject == certificate.Issuer)
            {
                Assert.True(aki.KeyIdentifier!.Value.Span.SequenceEqual(ski.SubjectKeyIdentifierBytes.Span));
            }
            if (!basic.CertificateAuthority)
            {
                Assert.NotEmpty(CertificateNames.DnsNamesOf(certificate));
            }
        }
    }

    public static TheoryData<string> ProfileNames()
    {
        var data = new TheoryData<string>();
        foreach (var profile in TestCa.Profiles)
        {
            data.Add(profile);
        }
        return data;
    }

    [Fact]
    public void Each_profile_makes_the_chain_its_name_says()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Eku(TestPki.Chain(TestCa.ServerOnlyEku).Leaf));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, TestPki.Chain(TestCa.NoKeyEncipherment).Leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Null(CertificateNames.CommonNameOf(TestPki.Chain(TestCa.NoCn).Leaf.SubjectName));
        Assert.Equal("*.example.com", CertificateNames.CommonNameOf(TestPki.Chain(TestCa.WildcardCn).Leaf.SubjectName));
        Assert.Equal([Ca.Root.Thumbprint], TestPki.Chain(TestCa.MissingIntermediate).Certificates.Skip(1).Select(c => c.Thumbprint));
        Assert.Equal([Ca.InterCa1.Thumbprint], TestPki.Chain(TestCa.MissingRoot).Certificates.Skip(1).Select(c => c.Thumbprint));
        Assert.Equal([Ca.InterCa2.Thumbprint, Ca.Root.Thumbprint], TestPki.Chain(TestCa.InterCa2Profile).Certificates.Skip(1).Select(c => c.Thumbprint));
        Assert.Equal("CN=Inter-CA2", TestPki.Chain(TestCa.InterCa2Profile).Leaf.Issuer);
        var deep = TestPki.Chain(TestCa.Depth11).Certificates;
        Assert.Equal(11, deep.Count);
        Assert.Equal(Ca.Root.Thumbprint, deep[^1].Thumbprint);
        for (var i = 0; i < deep.Count - 1; i++)
        {
            Assert.Equal(deep[i + 1].Subject, deep[i].Issuer);
        }
        var other = TestPki.Chain(TestCa.OtherKeyProfile);
        Assert.False(CertificateRules.CarriesKey(other.Leaf, TestPki.CsrKeySpki));
        Assert.True(CertificateRules.CarriesKey(other.Leaf, other.OtherKey!.ExportSubjectPublicKeyInfo()));
        Assert.Contains("PRIVATE KEY", other.OtherKeyPem);
        Assert.Null(TestPki.Chain(TestCa.Expired).OtherKey);
        Assert.Null(TestPki.Chain(TestCa.Expired).OtherKeyPem);
        Assert.True(TestPki.Chain(TestCa.Expired).Leaf.NotAfter.ToUniversalTime() < now.UtcDateTime);
        Assert.True(TestPki.Chain(TestCa.NotYetValid).Leaf.NotBefore.ToUniversalTime() > now.UtcDateTime);
    }

    [Fact]
    public void Expired_and_not_yet_valid_follow_the_cas_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var ca = TestCa.Load(Ca.RootPem, Ca.RootKeyPem, clock);

        var expired = ca.Issue(TestCa.Expired, TestPki.CsrKey, "old.example.com").Leaf;
        var future = ca.Issue(TestCa.NotYetValid, TestPki.CsrKey, "new.example.com").Leaf;

        Assert.True(expired.NotAfter.ToUniversalTime() < clock.GetUtcNow().UtcDateTime);
        Assert.True(expired.NotAfter.ToUniversalTime() > clock.GetUtcNow().UtcDateTime.AddDays(-30));
        Assert.True(future.NotBefore.ToUniversalTime() > clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void Sign_reads_the_csr_in_omes_one_line_form()
    {
        var der = PemText.ReadDer(TestPki.Csr, PemText.CertificateRequestLabel);
        var omeForm = PemText.ToOmeForm(PemText.CertificateRequestLabel, der);

        var chain = Ca.Sign(omeForm, TestCa.Good);

        Assert.True(CertificateRules.CarriesKey(chain.Leaf, TestPki.CsrKeySpki));
    }

    [Fact]
    public void Issue_names_the_leaf_and_its_san_after_the_common_name()
    {
        var chain = Ca.Issue(TestCa.Good, TestPki.PeerKey, "peer.example.com");

        Assert.Equal("CN=peer.example.com", chain.Leaf.Subject);
        Assert.Equal(["peer.example.com"], CertificateNames.DnsNamesOf(chain.Leaf));
    }

    [Fact]
    public void An_unknown_profile_is_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => Ca.Sign(TestPki.Csr, "bogus"));
        Assert.Throws<ArgumentException>(() => Ca.Issue("bogus", TestPki.CsrKey, "x"));
    }

    [Fact]
    public void A_loaded_root_gets_fresh_intermediates_under_it()
    {
        using var loaded = TestCa.Load(Ca.RootPem, Ca.RootKeyPem);

        Assert.Equal(Ca.Root.Thumbprint, loaded.Root.Thumbprint);
        Assert.NotEqual(Ca.InterCa1.Thumbprint, loaded.InterCa1.Thumbprint);
        Assert.Equal(Ca.Root.Subject, loaded.InterCa1.Issuer);
    }

    [Fact]
    public void A_saved_ca_loads_back_the_same_and_openssl_reads_and_verifies_it()
    {
        var directory = Directory.CreateTempSubdirectory("omesim-ca-").FullName;
        try
        {
            Ca.Save(directory);
            using var loaded = TestCa.LoadOrCreate(directory);

            Assert.Equal(Ca.Root.Thumbprint, loaded.Root.Thumbprint);
            Assert.Equal(Ca.InterCa1.Thumbprint, loaded.InterCa1.Thumbprint);
            Assert.Equal(Ca.InterCa2.Thumbprint, loaded.InterCa2.Thumbprint);
            var leafFile = Path.Combine(directory, "leaf.pem");
            File.WriteAllText(leafFile, TestPki.Chain(TestCa.Good).LeafPem());
            if (Openssl($"pkey -in {directory}/{TestCa.RootKeyFile} -noout") is { } absent && absent == -1)
            {
                return; // no openssl on this machine
            }
            Assert.Equal(0, Openssl($"pkey -in {directory}/{TestCa.InterCa1KeyFile} -noout"));
            Assert.Equal(0, Openssl($"verify -CAfile {directory}/{TestCa.RootCertFile} -untrusted {directory}/{TestCa.InterCa1CertFile} {leafFile}"));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void The_factory_certificate_is_self_signed_for_server_authentication()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var certificate = FactoryCertificate.Create("ome.local", TestPki.PeerKey, clock);

        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("ome.local", CertificateNames.CommonNameOf(certificate.SubjectName));
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Eku(certificate));
        Assert.True(certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment));
        Assert.NotNull(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault());
        Assert.True(certificate.NotBefore.ToUniversalTime() < clock.GetUtcNow().UtcDateTime);
    }

    private static IEnumerable<string?> Eku(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);

    private static int Openssl(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
