using System.Net;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

public class CsrTests
{
    [Fact]
    public async Task GenerateCsr_answers_omes_one_line_form_with_the_requested_subject_and_sans()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var csr = await TestPki.GenerateCsrAsync(appliance);

        Assert.Matches("^-----BEGIN CERTIFICATE REQUEST-----[A-Za-z0-9+/=]+-----END CERTIFICATE REQUEST-----$", csr);
        var request = PemText.ReadCertificateRequest(csr);
        var names = request.SubjectName.Name;
        Assert.Contains("CN=ome.example.com", names);
        Assert.Contains("OU=IT", names);
        Assert.Contains("O=Example", names);
        Assert.Contains("L=Round Rock", names);
        Assert.Contains("S=Texas", names);
        Assert.Contains("C=US", names);
        var san = request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["ome.example.com", "ome2.example.com"], san.EnumerateDnsNames());
        Assert.Equal(2048, request.PublicKey.GetRSAPublicKey()!.KeySize);
    }

    [Fact]
    public async Task Each_GenerateCsr_makes_a_new_key_pair()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var first = PemText.ReadCertificateRequest(await TestPki.GenerateCsrAsync(appliance));
        var second = PemText.ReadCertificateRequest(await TestPki.GenerateCsrAsync(appliance));

        Assert.NotEqual(first.PublicKey.ExportSubjectPublicKeyInfo(), second.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("""{"DistinguishedName":""}""", "DistinguishedName")]
    [InlineData("""{"DistinguishedName":"*.example.com"}""", "DistinguishedName")]
    [InlineData("""{"DistinguishedName":"a\u0000b"}""", "DistinguishedName")]
    [InlineData("""{"DistinguishedName":"a\nb"}""", "DistinguishedName")]
    [InlineData("""{"DistinguishedName":"ome","BusinessName":"Dell\tEMC"}""", "BusinessName")]
    [InlineData("""{"DistinguishedName":"ome","Email":"support"}""", "Email")]
    [InlineData("""{"DistinguishedName":"ome","Country":"invalid"}""", "Country")]
    [InlineData("""{"DistinguishedName":"ome","San":"-1"}""", "Subject Alternative Name(s)")]
    [InlineData("""{"DistinguishedName":"ome","San":"test.dell.i"}""", "Subject Alternative Name(s)")]
    [InlineData("""{"DistinguishedName":"ome","San":"a.com,b.com,c.com,d.com,e.com"}""", "SAN")]
    public async Task Invalid_fields_answer_cgen6002_and_keep_the_previous_csr_key(string request, string field)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        await TestPki.GenerateCsrAsync(appliance);
        var before = appliance.Appliance.State.CsrKeyPem;

        var response = await appliance.PostJsonAsync(TestPki.CsrPath, request);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", field);
        Assert.Equal(before, appliance.Appliance.State.CsrKeyPem);
    }
}
