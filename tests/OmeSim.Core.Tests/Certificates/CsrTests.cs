using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Certificates;

public class CsrTests
{
    private static readonly CsrFields Example = new(
        "ome.example.com", "IT", "Example", "Round Rock", "Texas", "US", "admin@example.com", "ome.example.com,ome2.example.com");

    [Fact]
    public void The_api_guides_example_body_is_valid()
    {
        Assert.Null(CsrValidator.Validate(Example));
        Assert.Null(CsrValidator.Validate(new CsrFields("ome.example.com")));
    }

    [Theory]
    [InlineData(null, "DistinguishedName")]
    [InlineData("", "DistinguishedName")]
    [InlineData("  ", "DistinguishedName")]
    [InlineData("*.example.com", "DistinguishedName")]
    [InlineData("*", "DistinguishedName")]
    public void A_missing_or_wildcard_distinguished_name_is_refused(string? name, string arg)
    {
        AssertRefused(Example with { DistinguishedName = name }, arg);
    }

    [Theory]
    [InlineData("support")]
    [InlineData("support@")]
    [InlineData("@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("admin@example")]
    public void An_invalid_email_is_refused(string email)
    {
        AssertRefused(Example with { Email = email }, "Email");
    }

    [Theory]
    [InlineData("invalid")]
    [InlineData("U")]
    [InlineData("U1")]
    [InlineData("USA")]
    public void A_country_that_is_not_two_letters_is_refused(string country)
    {
        AssertRefused(Example with { Country = country }, "Country");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("[a.com,b.com]")]
    [InlineData("test.dell.i")]
    [InlineData("*.example.com")]
    [InlineData("a..com")]
    [InlineData("a.com,,b.com")]
    [InlineData("192.168.0.1")]
    [InlineData("under_score.com")]
    public void A_san_that_is_not_a_dns_name_is_refused(string san)
    {
        AssertRefused(Example with { San = san }, "Subject Alternative Name(s)");
    }

    [Fact]
    public void A_san_label_over_63_characters_is_refused()
    {
        AssertRefused(Example with { San = new string('a', 64) + ".example.com" }, "Subject Alternative Name(s)");
        Assert.Null(CsrValidator.Validate(Example with { San = new string('a', 63) + ".example.com" }));
    }

    [Fact]
    public void Name_fields_over_rfc_5280s_upper_bounds_are_refused_naming_the_field()
    {
        AssertRefused(Example with { DistinguishedName = new string('a', 65) }, "DistinguishedName");
        AssertRefused(Example with { DistinguishedName = new string('a', 100_000) }, "DistinguishedName");
        AssertRefused(Example with { DepartmentName = new string('a', 65) }, "DepartmentName");
        AssertRefused(Example with { BusinessName = new string('a', 65) }, "BusinessName");
        AssertRefused(Example with { Locality = new string('a', 129) }, "Locality");
        AssertRefused(Example with { State = new string('a', 129) }, "State");
        AssertRefused(Example with { Email = new string('a', 250) + "@x.com" }, "Email");
        Assert.Null(CsrValidator.Validate(Example with
        {
            DistinguishedName = new string('a', 64), DepartmentName = new string('b', 64), BusinessName = new string('c', 64),
            Locality = new string('d', 128), State = new string('e', 128),
        }));
    }

    [Fact]
    public void More_than_four_sans_are_refused_as_san()
    {
        AssertRefused(Example with { San = "a.com,b.com,c.com,d.com,e.com" }, "SAN");
        Assert.Null(CsrValidator.Validate(Example with { San = "a.com,b.com,c.com,d.com" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_absent_or_empty_san_means_none(string? san)
    {
        Assert.Null(CsrValidator.Validate(Example with { San = san }));
        Assert.Empty((Example with { San = san }).SanNames);
    }

    [Fact]
    public void The_csr_comes_in_omes_one_line_form()
    {
        var csr = CsrBuilder.Create(Example, TestPki.CsrKey);

        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----MII", csr);
        Assert.EndsWith("-----END CERTIFICATE REQUEST-----", csr);
        Assert.DoesNotContain('\n', csr);
        Assert.DoesNotContain('\r', csr);
    }

    [Fact]
    public void The_csr_carries_the_subject_fields_the_sans_and_the_key()
    {
        var request = PemText.ReadCertificateRequest(CsrBuilder.Create(Example, TestPki.CsrKey));

        Assert.Equal("E=admin@example.com, CN=ome.example.com, OU=IT, O=Example, L=Round Rock, S=Texas, C=US", request.SubjectName.Name);
        Assert.True(request.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(TestPki.CsrKeySpki));
        var san = new X509SubjectAlternativeNameExtension(request.CertificateExtensions.Single(e => e.Oid!.Value == "2.5.29.17").RawData);
        Assert.Equal(["ome.example.com", "ome2.example.com"], san.EnumerateDnsNames());
    }

    [Fact]
    public void A_csr_without_optional_fields_has_only_a_common_name()
    {
        var request = PemText.ReadCertificateRequest(CsrBuilder.Create(new CsrFields("ome.example.com"), TestPki.CsrKey));

        Assert.Equal("CN=ome.example.com", request.SubjectName.Name);
        Assert.Empty(request.CertificateExtensions);
    }

    [Fact]
    public void The_test_ca_signs_the_csr_in_omes_form_and_the_chain_passes_upload()
    {
        var chain = TestPki.Ca.Sign(CsrBuilder.Create(Example, TestPki.CsrKey), TestCa.Good);

        Assert.Equal(["ome.example.com", "ome2.example.com"], CertificateNames.DnsNamesOf(chain.Leaf));
        var names = CertificateNames.OfSubject(chain.Leaf);
        Assert.Equal(
            new CertificateNames(
                "ome.example.com", "IT", "Example", "Round Rock", "Texas", "US", "admin@example.com", "ome.example.com,ome2.example.com", 2048),
            names);
        Assert.Null(CertificateRules.CheckChain(UploadReader.Read(TestPki.Bytes(chain.ToPem())), TestPki.CsrKeySpki).FirstError);
    }

    [Fact]
    public void Re_armoured_csrs_are_read_by_openssl_as_sha256_with_rsa()
    {
        var csr = CsrBuilder.Create(Example, TestPki.CsrKey);
        var standard = PemText.Armour(PemText.CertificateRequestLabel, PemText.ReadDer(csr, PemText.CertificateRequestLabel));
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----\n", standard);
        Assert.All(standard.Split('\n').Where(l => !l.StartsWith("-----")), l => Assert.True(l.Length <= 64));

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, standard);
            using var process = Process.Start(
                new ProcessStartInfo("openssl", $"req -in {file} -verify -noout -text") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("sha256WithRSAEncryption", output);
            Assert.Contains("DNS:ome2.example.com", output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no openssl on this machine
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Pem_text_reads_a_certificate_in_either_form()
    {
        var leaf = TestPki.Chain(TestCa.Good).Leaf;

        Assert.Equal(leaf.Thumbprint, CertificateFrom(PemText.ToOmeForm(PemText.CertificateLabel, leaf.RawData)).Thumbprint);
        Assert.Equal(leaf.Thumbprint, CertificateFrom(leaf.ExportCertificatePem().Replace("\n", "\r\n")).Thumbprint);
        Assert.Throws<FormatException>(() => CertificateFrom("nothing here"));
    }

    [Fact]
    public void A_csr_with_a_bad_signature_is_refused_when_read()
    {
        var der = CsrBuilder.CreateDer(Example, TestPki.CsrKey);
        der[^5] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => PemText.ReadCertificateRequest(PemText.ToOmeForm(PemText.CertificateRequestLabel, der)));
    }

    private static void AssertRefused(CsrFields fields, string arg)
    {
        var error = CsrValidator.Validate(fields);

        Assert.NotNull(error);
        Assert.Equal("CGEN6002", error!.MessageId);
        Assert.Equal([arg], error.Args);
        Assert.Equal(400, error.HttpStatus);
    }

    private static X509Certificate2 CertificateFrom(string pem) => X509CertificateLoader.LoadCertificate(PemText.ReadDer(pem, PemText.CertificateLabel));
}
