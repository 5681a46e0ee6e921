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

    /// <summary>Every profile but the two whose point is an extension missing or not critical (tested on their own below).</summary>
    public static TheoryData<string> ProfileNames()
    {
        var data = new TheoryData<string>();
        foreach (var profile in TestCa.Profiles.Except([TestCa.V1NoExtensions, TestCa.NonCriticalKeyUsage]))
        {
            data.Add(profile);
        }
        return data;
    }

    [Fact]
    public void The_v1_profile_is_an_x509_version_1_leaf_without_any_extension_under_the_usual_chain()
    {
        var chain = TestPki.Chain(TestCa.V1NoExtensions);

        Assert.Equal(1, chain.Leaf.Version);
        Assert.Empty(chain.Leaf.Extensions);
        Assert.Equal("CN=ome.example.com, O=Example, C=US", chain.Leaf.Subject);
        Assert.Equal("CN=Inter-CA1", chain.Leaf.Issuer);
        Assert.True(CertificateRules.CarriesKey(chain.Leaf, TestPki.CsrKeySpki));
        Assert.Equal([Ca.InterCa1.Thumbprint, Ca.Root.Thumbprint], chain.Certificates.Skip(1).Select(c => c.Thumbprint));
        Assert.True(Verifies(chain.Leaf, Ca.InterCa1));
    }

    [Fact]
    public void The_no_eku_profile_has_key_usage_with_key_encipherment_and_no_eku_extension()
    {
        var leaf = TestPki.Chain(TestCa.NoEku).Leaf;

        Assert.Empty(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment));
    }

    [Fact]
    public void The_bad_signature_profile_names_inter_ca1_by_name_and_key_id_but_does_not_verify()
    {
        var leaf = TestPki.Chain(TestCa.BadSignature).Leaf;

        Assert.Equal("CN=Inter-CA1", leaf.Issuer);
        Assert.True(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span
            .SequenceEqual(X509Builder.KeyIdentifierOf(Ca.InterCa1)));
        Assert.False(Verifies(leaf, Ca.InterCa1));
        Assert.True(Verifies(TestPki.Chain(TestCa.Good).Leaf, Ca.InterCa1));
    }

    [Theory]
    [InlineData(TestCa.BmpStringNames, 0x1E)]
    [InlineData(TestCa.T61StringNames, 0x14)]
    public void The_name_profiles_encode_the_subjects_text_in_that_string_type_and_keep_the_country_printable(string profile, int tag)
    {
        var leaf = TestPki.Chain(profile).Leaf;

        var tags = SubjectTags(leaf.SubjectName);
        Assert.Equal(tag, tags["2.5.4.3"]);
        Assert.Equal(tag, tags["2.5.4.10"]);
        Assert.Equal(0x13, tags["2.5.4.6"]);
        Assert.Equal("ome.example.com", CertificateNames.CommonNameOf(leaf.SubjectName));
        Assert.Equal("CN=ome.example.com, O=Example, C=US", leaf.Subject);
    }

    [Fact]
    public void The_non_critical_key_usage_profile_is_good_but_for_the_criticality()
    {
        var ku = TestPki.Chain(TestCa.NonCriticalKeyUsage).Leaf.Extensions.OfType<X509KeyUsageExtension>().Single();

        Assert.False(ku.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, ku.KeyUsages);
    }

    [Fact]
    public void The_any_eku_profile_has_any_extended_key_usage_alone()
    {
        Assert.Equal(["2.5.29.37.0"], Eku(TestPki.Chain(TestCa.AnyEku).Leaf));
    }

    [Fact]
    public void The_profile_list_is_the_one_the_readme_and_control_plane_show()
    {
        Assert.Equal(
            ["good", "server-only-eku", "no-key-encipherment", "no-cn", "wildcard-cn", "missing-intermediate", "missing-root", "inter-ca2", "depth-11",
             "other-key", "expired", "not-yet-valid", "no-eku", "v1-no-extensions", "bad-signature", "bmpstring-names", "t61string-names",
             "non-critical-key-usage", "any-eku"],
            TestCa.Profiles);
        Assert.Null(TestCa.ProfileProblem("good"));
        Assert.Equal("Unknown profile 'bogus'. Known: " + string.Join(", ", TestCa.Profiles) + ".", TestCa.ProfileProblem("bogus"));
        Assert.StartsWith("Name a profile. Known: good, ", TestCa.ProfileProblem(null));
    }

    [Fact]
    public void Each_profile_makes_the_chain_its_name_says()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Eku(TestPki.Chain(TestCa.ServerOnlyEku).Leaf));
        var noKeyEncipherment = TestPki.Chain(TestCa.NoKeyEncipherment).Leaf;
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, noKeyEncipherment.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
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

    private static bool Verifies(X509Certificate2 leaf, X509Certificate2 issuer)
    {
        System.Formats.Asn1.AsnDecoder.ReadSequence(leaf.RawData, System.Formats.Asn1.AsnEncodingRules.DER, out var offset, out var length, out _);
        var reader = new System.Formats.Asn1.AsnReader(leaf.RawData.AsMemory(offset, length), System.Formats.Asn1.AsnEncodingRules.DER);
        var tbs = reader.ReadEncodedValue();
        reader.ReadSequence();
        var signature = reader.ReadBitString(out _);
        using var key = issuer.GetRSAPublicKey()!;
        return key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static Dictionary<string, int> SubjectTags(X500DistinguishedName name)
    {
        var result = new Dictionary<string, int>();
        var sequence = new System.Formats.Asn1.AsnReader(name.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                result[oid] = attribute.PeekTag().TagValue;
                attribute.ReadEncodedValue();
            }
        }
        return result;
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
